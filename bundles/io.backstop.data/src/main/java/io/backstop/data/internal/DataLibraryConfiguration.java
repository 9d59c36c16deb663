package io.backstop.data.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.data.DataLibrary;

/** The data library's configuration, PID {@value DataLibrary#PID}. */
@ObjectClassDefinition(name = "Backstop data library",
		description = "The directory scanned for SYMBOL_TIMEFRAME.csv / .zip market data files.")
public @interface DataLibraryConfiguration {

	@AttributeDefinition(name = "Data directory",
			description = "Where the market data files lie; empty: the workspace's data directory.")
	String data_dir() default "";

	@AttributeDefinition(name = "Strict mode",
			description = "Refuse a series with gaps (a space of more than twice the timeframe between two bars).")
	boolean strict() default false;
}
