package io.backstop.data.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.data.DataLibrary;
import io.backstop.data.OhlcvFiles;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Workspace;
import io.backstop.memory.ManagedCache;

/**
 * The data library service and its loaded series as the managed cache {@value #CACHE_NAME}, which
 * the emergency stop's cache step empties.
 */
@Component(service = { DataLibrary.class, ManagedCache.class }, configurationPid = DataLibrary.PID)
@Designate(ocd = DataLibraryConfiguration.class)
public class DataLibraryComponent implements DataLibrary, ManagedCache {

	static final String CACHE_NAME = "data.series";

	@Reference
	private StopSignal signal;

	private Workspace workspace;
	private volatile Library library;

	@Activate
	void activate(BundleContext context, DataLibraryConfiguration config) {
		workspace = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA));
		modified(config);
	}

	@Modified
	void modified(DataLibraryConfiguration config) {
		Path directory = directory(System.getProperty(DATA_DIR_PROPERTY), config.data_dir(), workspace);
		if (library == null || !library.directory().equals(directory) || library.strict() != config.strict()) {
			if (library != null) {
				library.release();
			}
			library = new Library(directory, OhlcvFiles.Options.DEFAULT.strict(config.strict())
					.haltedWhen(signal::isRaised));
		}
	}

	/** The run's directory, else the configured one, else the workspace's {@code data}. */
	static Path directory(String forThisRun, String configured, Workspace workspace) {
		for (String dir : new String[] { forThisRun, configured }) {
			if (dir != null && !dir.isBlank()) {
				return Path.of(dir.strip()).toAbsolutePath().normalize();
			}
		}
		return workspace.resolve("data");
	}

	@Override
	public Path directory() {
		return library.directory();
	}

	@Override
	public List<DataSet> list() {
		return library.list();
	}

	@Override
	public OhlcvSeries load(String symbol, String timeframe) throws IOException {
		signal.ensureLowered("loading " + symbol + " " + timeframe);
		return library.load(symbol, timeframe);
	}

	@Override
	public OhlcvSeries open(Path file) throws IOException {
		signal.ensureLowered("opening " + file.getFileName());
		return library.open(file);
	}

	@Override
	public boolean strict() {
		return library.strict();
	}

	@Override
	public String name() {
		return CACHE_NAME;
	}

	@Override
	public long release() {
		return library.release();
	}

	@Override
	public long sizeBytes() {
		return library.sizeBytes();
	}

	@Override
	public long clear() {
		return library.release();
	}
}
