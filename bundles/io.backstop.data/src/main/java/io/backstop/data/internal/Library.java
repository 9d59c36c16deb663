package io.backstop.data.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backstop.data.DataLibrary;
import io.backstop.data.DataLibrary.DataSet;
import io.backstop.data.DataQuality;
import io.backstop.data.OhlcvFiles;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.Resampler;
import io.backstop.data.SampleData;
import io.backstop.data.Timeframe;

/** One directory of market data files and the bundled sample; plain Java, behind the library service. */
public final class Library implements DataLibrary {

	/** {@code BTCUSDT_5m.csv}, {@code BTCUSDT-1m-2025-01.zip}: a symbol, a timeframe, anything, the extension. */
	static final Pattern FILE_NAME = Pattern
			.compile("(?<symbol>[A-Za-z0-9.]+)[_-](?<timeframe>[0-9]{1,4}[smhdw])(?:[_-][^/\\\\]*)?\\.[A-Za-z0-9]+");

	private static final String SAMPLE_KEY = "BTCUSDT_5m";

	private final Path directory;
	private final LoadedSeriesCache cache = new LoadedSeriesCache();
	private final OhlcvFiles.Options options;
	/** Measured data sets by the names, sizes and modification times of their files. */
	private final Map<String, DataSet> measured = new ConcurrentHashMap<>();

	public Library(Path directory, OhlcvFiles.Options options) {
		this.directory = directory.toAbsolutePath().normalize();
		this.options = options;
	}

	@Override
	public boolean strict() {
		return options.strict();
	}

	@Override
	public OhlcvSeries open(Path file) throws IOException {
		return OhlcvFiles.load(file, options);
	}

	@Override
	public long release() {
		return cache.clear();
	}

	/** What the loaded series hold. */
	long sizeBytes() {
		return cache.sizeBytes();
	}

	@Override
	public Path directory() {
		return directory;
	}

	/** The files of one symbol and timeframe; none for the sample. */
	private record Group(String symbol, Timeframe timeframe, List<Path> files) {

		String key() {
			return symbol + "_" + timeframe.label();
		}

		boolean sample() {
			return files.isEmpty();
		}
	}

	/** Every group by key, sorted by symbol then timeframe length; the sample unless files replace it. */
	private Map<String, Group> scan() {
		Map<String, List<Path>> files = new TreeMap<>();
		Map<String, Group> groups = new TreeMap<>();
		if (Files.isDirectory(directory)) {
			try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
				for (Path file : entries) {
					Matcher name = FILE_NAME.matcher(file.getFileName().toString());
					if (Files.isRegularFile(file) && OhlcvFiles.readable(file) && name.matches()) {
						String symbol = name.group("symbol").toUpperCase(Locale.ROOT);
						Timeframe timeframe = Timeframe.parse(name.group("timeframe"));
						String key = symbol + "_" + timeframe.label();
						files.computeIfAbsent(key, k -> new ArrayList<>()).add(file);
						groups.putIfAbsent(key, new Group(symbol, timeframe, List.of()));
					}
				}
			} catch (IOException e) {
				throw new IllegalStateException("data directory " + directory + " cannot be read: " + e.getMessage(), e);
			}
		}
		Map<String, Group> result = new TreeMap<>();
		groups.forEach((key, g) -> result.put(key,
				new Group(g.symbol(), g.timeframe(), files.get(key).stream().sorted().toList())));
		if (!result.containsKey(SAMPLE_KEY) && SampleData.btcusdt5mUrl().isPresent()) {
			result.put(SAMPLE_KEY, new Group("BTCUSDT", Timeframe.parse("5m"), List.of()));
		}
		return result;
	}

	@Override
	public List<DataSet> list() {
		List<DataSet> sets = new ArrayList<>();
		java.util.Set<String> current = new java.util.HashSet<>();
		for (Group group : scan().values()) {
			String stamp = stamp(group);
			current.add(stamp);
			DataSet set = measured.get(stamp);
			if (set == null) {
				set = measure(group);
				if (set.loaded() || !options.halted().getAsBoolean()) {
					measured.put(stamp, set);
				}
			}
			sets.add(set);
		}
		measured.keySet().retainAll(current);
		sets.sort(Comparator.comparing(DataSet::symbol)
				.thenComparingLong(s -> Timeframe.parse(s.timeframe()).millis()));
		return sets;
	}

	private DataSet measure(Group group) {
		String source = source(group);
		try {
			OhlcvSeries series = read(group);
			return new DataSet(group.symbol(), group.timeframe().label(), group.files(), source, series.size(),
					series.firstTimestamp(), series.lastTimestamp(), DataQuality.of(series), null);
		} catch (IOException | RuntimeException e) {
			String problem = e instanceof CancellationException ? "not measured: the emergency stop halted it"
					: e.getMessage();
			return new DataSet(group.symbol(), group.timeframe().label(), group.files(), source, 0, Long.MIN_VALUE,
					Long.MIN_VALUE, null, problem == null ? e.toString() : problem);
		}
	}

	@Override
	public OhlcvSeries load(String symbol, String timeframe) throws IOException {
		Timeframe wanted = Timeframe.parse(timeframe);
		String upper = symbol.strip().toUpperCase(Locale.ROOT);
		String key = upper + "_" + wanted.label();
		return cache.computeIfAbsent(key, () -> {
			Map<String, Group> groups = scan();
			Group group = groups.get(key);
			if (group != null) {
				return read(group);
			}
			Optional<Group> finer = groups.values().stream()
					.filter(g -> g.symbol().equals(upper) && g.timeframe().millis() < wanted.millis()
							&& wanted.millis() % g.timeframe().millis() == 0)
					.max(Comparator.comparingLong(g -> g.timeframe().millis()));
			if (finer.isEmpty()) {
				throw new IllegalArgumentException("no data for " + upper + " " + wanted + " in " + directory
						+ " (it holds " + String.join(", ", groups.keySet()) + ")");
			}
			OhlcvSeries source = load(upper, finer.get().timeframe().label());
			return Resampler.resample(source, wanted).withName(key, source.source() + " resampled to " + wanted);
		});
	}

	private OhlcvSeries read(Group group) throws IOException {
		OhlcvSeries series;
		if (group.sample()) {
			series = SampleData.loadBtcusdt5m().withName(group.key(), DataLibrary.SAMPLE_SOURCE);
		} else {
			List<OhlcvSeries> parts = new ArrayList<>();
			for (Path file : group.files()) {
				parts.add(OhlcvFiles.load(file, group.key(), options));
			}
			OhlcvSeries joined = OhlcvFiles.join(group.key(), parts);
			series = parts.size() == 1 ? joined : joined.withName(group.key(), source(group) + " in " + directory);
		}
		if (options.strict()) {
			OhlcvFiles.requireNoGaps(series, group.sample() ? DataLibrary.SAMPLE_SOURCE : source(group));
		}
		return series;
	}

	private static String source(Group group) {
		if (group.sample()) {
			return DataLibrary.SAMPLE_SOURCE;
		}
		String first = group.files().get(0).getFileName().toString();
		int more = group.files().size() - 1;
		return more == 0 ? first : first + " and " + more + (more == 1 ? " more file" : " more files");
	}

	private static String stamp(Group group) {
		StringBuilder stamp = new StringBuilder(group.key());
		for (Path file : group.files()) {
			try {
				stamp.append('|').append(file).append(':').append(Files.size(file)).append(':')
						.append(Files.getLastModifiedTime(file).toMillis());
			} catch (IOException e) {
				stamp.append('|').append(file).append(":unreadable");
			}
		}
		return stamp.toString();
	}
}
