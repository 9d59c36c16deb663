package io.backstop.console.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.builder.BuildIteration;
import io.backstop.builder.BuildRequest;
import io.backstop.builder.BuildSession;
import io.backstop.builder.BuilderService;
import io.backstop.builder.Promotion;
import io.backstop.run.Formats;
import io.backstop.run.RunObjective;
import io.backstop.strategies.workspace.CompileProblem;
import io.backstop.strategies.workspace.WorkspaceStrategy;

/**
 * The strategy builder from the console: {@code backstop:build "OBJECTIVE"}, {@code list}, {@code show},
 * {@code continue} and {@code promote}, each a call to the {@link BuilderService}.
 */
@Component(service = BuilderCommands.class, property = { "osgi.command.scope=backstop",
		"osgi.command.function=build" })
public class BuilderCommands {

	static final String BUILD_USAGE = "backstop:build \"OBJECTIVE\" [--iterations N] [--model M] [--objective METRIC]"
			+ " [--minimize] [--wait] | list | show ID [--source] | continue ID [--iterations N] [--wait]"
			+ " | promote ID [--iteration N] [--name NAME]";
	private static final long WATCH_INTERVAL_MILLIS = 100;

	@Reference
	BuilderService builder;

	@Descriptor("let the LLM write, compile, backtest and improve a strategy from an objective in words")
	public void build(CommandSession session,
			@Descriptor("\"OBJECTIVE\" [options] | list | show ID | continue ID | promote ID") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:build", BUILD_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of("--minimize", "--wait", "--source"),
					Set.of("--iterations", "--model", "--objective", "--iteration", "--name"));
			List<String> words = a.positionals();
			if (words.isEmpty()) {
				throw new UsageException("no objective or subcommand given");
			}
			switch (words.get(0)) {
			case "list" -> {
				a.atMost(1);
				out.print(list(builder.sessions()));
			}
			case "show" -> {
				a.atMost(2);
				String id = id(words);
				BuildSession s = builder.find(id).orElseThrow(() -> unknown(id));
				out.print(show(s));
				if (a.has("--source")) {
					out.println(s.currentSource());
				}
			}
			case "continue" -> {
				a.atMost(2);
				BuildSession s = builder.resume(id(words), a.intValue("--iterations", 0, 1, 100));
				out.println("Continuing builder session " + s.id() + " at iteration " + (s.iterations().size() + 1)
						+ " of " + s.request().iterations() + " on " + s.dataName() + " with " + s.model());
				follow(out, s, a.has("--wait"));
			}
			case "promote" -> {
				a.atMost(2);
				Promotion promoted = builder.promote(id(words), a.intValue("--iteration", 0, 1, 100),
						a.value("--name").orElse(null));
				out.print(promoted(promoted));
			}
			default -> {
				String objective = String.join(" ", words);
				String metric = a.value("--objective").orElse(RunObjective.DEFAULT.metric());
				BuildRequest request = BuildRequest.of(objective).withModel(a.value("--model").orElse(null))
						.withIterations(a.intValue("--iterations", BuildRequest.DEFAULT_ITERATIONS, 1, 100))
						.withMetric(new RunObjective(metric, !a.has("--minimize")));
				BuildSession s = builder.start(request);
				out.println("Started builder session " + s.id() + ": " + s.request().iterations() + " iterations on "
						+ s.dataName() + " with " + s.model() + ", " + s.request().metric().describe() + "; files in "
						+ s.directory());
				follow(out, s, a.has("--wait"));
			}
			}
		});
	}

	private static String id(List<String> words) throws UsageException {
		if (words.size() < 2) {
			throw new UsageException(words.get(0) + " needs a session id (backstop:build list shows them)");
		}
		return words.get(1);
	}

	private static IllegalArgumentException unknown(String id) {
		return new IllegalArgumentException("no builder session " + id + "; backstop:build list shows them");
	}

	/** With {@code --wait}: each change of progress on its line until the session ends, then {@link #show}. */
	private static void follow(PrintStream out, BuildSession s, boolean wait) throws InterruptedException {
		if (!wait) {
			out.println("It goes on in the background; backstop:build show " + s.id() + " shows where it stands");
			return;
		}
		String last = "";
		while (!s.completion().isDone()) {
			String now = s.progress();
			if (!now.equals(last) && !now.isEmpty()) {
				out.println("  " + now);
				out.flush();
				last = now;
			}
			Thread.sleep(WATCH_INTERVAL_MILLIS);
		}
		out.print(show(s));
	}

	static String list(List<BuildSession> sessions) {
		if (sessions.isEmpty()) {
			return "No builder sessions yet; backstop:build \"OBJECTIVE\" starts one\n";
		}
		TextTable table = TextTable.of("session", "state", "iterations", "best", "objective");
		for (BuildSession s : sessions) {
			table.row(s.id(), s.state().label(), s.iterations().size() + " of " + s.request().iterations(),
					s.best().map(b -> String.format(Locale.ROOT, "%02d: %s %s", b.number(), s.request().metric().metric(),
							Formats.number(b.score()))).orElse("—"),
					s.request().objective());
		}
		return table.render();
	}

	static String show(BuildSession s) {
		StringBuilder text = new StringBuilder();
		text.append("Builder session ").append(s.id()).append(" (").append(s.state().label()).append("): ")
				.append(s.request().objective()).append('\n');
		text.append("  ").append(s.model()).append(" on ").append(s.dataName()).append(", ")
				.append(s.request().metric().describe()).append(", ").append(s.iterations().size()).append(" of ")
				.append(s.request().iterations()).append(" iterations; ").append(s.progress()).append('\n');
		text.append("  files: ").append(s.directory()).append('\n');
		if (!s.iterations().isEmpty()) {
			TextTable table = TextTable.of("#", "outcome", "objective", "sharpe", "return %",
					"max DD %", "trades", "runs", "fixes", "idea", "reason");
			for (BuildIteration it : s.iterations()) {
				table.row(String.format(Locale.ROOT, "%02d", it.number()), it.outcome().label(), figure(it.score()),
						figure(it.figures().get("sharpe")), figure(it.figures().get("total_return_pct")),
						figure(it.figures().get("max_drawdown_pct")), figure(it.figures().get("trades")),
						Formats.count(it.runs()), Integer.toString(it.fixes()), it.idea(), it.reason());
			}
			text.append(table.render());
		}
		s.best().ifPresent(b -> text.append("Best: iteration ").append(String.format(Locale.ROOT, "%02d", b.number()))
				.append(" with ").append(b.parameters().isEmpty() ? "its defaults" : parameters(b))
				.append("; backstop:build promote ").append(s.id()).append(" --name NAME adds it to your strategies\n"));
		return text.toString();
	}

	private static String parameters(BuildIteration it) {
		return String.join(", ", it.parameters().entrySet().stream()
				.map(e -> e.getKey() + "=" + Formats.plain(e.getValue())).toList());
	}

	private static String figure(Double value) {
		return value == null || value.isNaN() ? "—" : Formats.number(value);
	}

	static String promoted(Promotion promotion) {
		WorkspaceStrategy s = promotion.strategy();
		String defaults = Character.toUpperCase(promotion.defaults().charAt(0)) + promotion.defaults().substring(1) + "\n";
		if (s.registered()) {
			return "Promoted to " + s.file() + ": strategy " + s.strategyId().orElseThrow() + "; backstop:backtest "
					+ s.strategyId().orElseThrow() + " runs it\n" + defaults;
		}
		StringBuilder text = new StringBuilder("Written to " + s.file() + " but it does not compile there:\n");
		for (CompileProblem p : s.problems()) {
			text.append(p).append('\n');
		}
		return text.append(defaults).toString();
	}
}
