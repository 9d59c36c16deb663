package io.backstop.console.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.data.DataLibrary;
import io.backstop.data.DataLibrary.DataSet;
import io.backstop.data.Timeframe;
import io.backstop.run.Formats;
import io.backstop.run.RunService;

/** The data library from the console: {@code backstop:data list} and {@code backstop:data resample TIMEFRAME}. */
@Component(service = DataCommands.class, property = { "osgi.command.scope=backstop", "osgi.command.function=data" })
public class DataCommands {

	static final String USAGE = "backstop:data list | backstop:data resample TIMEFRAME   (TIMEFRAME: "
			+ String.join(", ", Timeframe.RESAMPLE_TARGETS.stream().map(Timeframe::label).toList())
			+ "; backstop:load SYMBOL TIMEFRAME opens one)";

	@Reference
	DataLibrary library;

	@Reference
	RunService runs;

	@Descriptor("list the data library's symbols and timeframes, or resample the loaded data to a longer timeframe")
	public void data(CommandSession session, @Descriptor("list | resample TIMEFRAME") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:data", USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of(), Set.of()).atMost(2);
			List<String> words = a.positionals();
			if (words.isEmpty()) {
				throw new UsageException("list or resample?");
			}
			switch (words.get(0)) {
			case "list" -> {
				if (words.size() > 1) {
					throw new UsageException("list takes nothing more, got '" + words.get(1) + "'");
				}
				out.print(list(library));
			}
			case "resample" -> {
				if (words.size() < 2) {
					throw new UsageException("resample to which timeframe?");
				}
				out.println("Loaded " + Formats.series(runs.resample(words.get(1))));
			}
			default -> throw new UsageException("unknown subcommand '" + words.get(0) + "'");
			}
		});
	}

	/** The directory, then one row per symbol and timeframe. */
	static String list(DataLibrary library) {
		List<DataSet> sets = library.list();
		TextTable table = TextTable.of("SYMBOL", "TIMEFRAME", ">BARS", "SPAN", "GAPS", ">ZERO-VOLUME", "SOURCE");
		for (DataSet set : sets) {
			if (set.loaded()) {
				table.row(set.symbol(), set.timeframe(), Formats.count(set.bars()), set.span(), set.quality().gapsText(),
						Formats.count(set.quality().zeroVolumeBars()), set.source());
			} else {
				table.row(set.symbol(), set.timeframe(), "", "", "", "", "not loaded: " + set.problem());
			}
		}
		return "Data library " + library.directory() + (library.strict() ? " (strict: series with gaps refused)" : "")
				+ ": " + (sets.size() == 1 ? "1 data set" : sets.size() + " data sets") + "\n" + table.render();
	}
}
