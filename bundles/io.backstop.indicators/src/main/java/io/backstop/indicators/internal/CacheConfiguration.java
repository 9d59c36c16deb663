package io.backstop.indicators.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.backstop.indicators.IndicatorCache;

/** The indicator cache's configuration, PID {@value IndicatorCache#PID}. */
@ObjectClassDefinition(name = "Backstop indicator cache",
		description = "Where computed indicators are kept on disk and how much memory and disk they may use.")
public @interface CacheConfiguration {

	@AttributeDefinition(name = "Directory",
			description = "The disk cache's directory; empty: the workspace's .cache/indicators.")
	String dir() default "";

	@AttributeDefinition(name = "Memory limit (MB)", description = "Indicator arrays kept in memory.", min = "1")
	long memory_max_mb() default 256;

	@AttributeDefinition(name = "Disk limit (MB)", description = "Indicator files kept on disk.", min = "1")
	long disk_max_mb() default 1024;

	@AttributeDefinition(name = "Time to live (hours)", description = "How long a disk entry stays valid.", min = "1")
	long ttl_hours() default 168;
}
