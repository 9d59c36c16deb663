package io.backstop.console.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;

import io.backstop.data.OhlcvSeries;

/** What the console's commands share: the series loaded by {@code backstop:load}. */
@Component(service = Workbench.class)
public class Workbench {

	private final AtomicReference<OhlcvSeries> series = new AtomicReference<>();

	Optional<OhlcvSeries> series() {
		return Optional.ofNullable(series.get());
	}

	void load(OhlcvSeries loaded) {
		series.set(loaded);
	}

	/** @throws UsageException naming how to load data when none is loaded */
	OhlcvSeries requireSeries() throws UsageException {
		return series().orElseThrow(() -> new UsageException(
				"no data loaded; backstop:load loads the bundled sample, backstop:load FILE.csv a file of yours"));
	}
}
