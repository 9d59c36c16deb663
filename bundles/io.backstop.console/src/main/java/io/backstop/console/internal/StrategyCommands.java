package io.backstop.console.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.strategies.workspace.CompileProblem;
import io.backstop.strategies.workspace.StrategyWorkspace;
import io.backstop.strategies.workspace.WorkspaceStrategy;

/**
 * The strategies users write, from the console: {@code backstop:strategy new|compile|list|remove},
 * each a call to the {@link StrategyWorkspace} service.
 */
@Component(service = StrategyCommands.class, property = { "osgi.command.scope=backstop",
		"osgi.command.function=strategy" })
public class StrategyCommands {

	static final String STRATEGY_USAGE = "backstop:strategy new NAME | compile NAME|FILE | list | remove NAME"
			+ "   (sources in WORKSPACE/strategies/NAME.java)";

	@Reference
	StrategyWorkspace workspace;

	@Descriptor("write, compile, list and remove the strategies of the workspace's strategies folder")
	public void strategy(CommandSession session,
			@Descriptor("new NAME | compile NAME|FILE | list | remove NAME") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:strategy", STRATEGY_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of(), Set.of());
			List<String> words = a.positionals();
			if (words.isEmpty()) {
				throw new UsageException("no subcommand given");
			}
			String subcommand = words.get(0);
			switch (subcommand) {
			case "list" -> {
				requireArguments(words, 0);
				out.print(list(workspace.list()));
			}
			case "new" -> {
				requireArguments(words, 1);
				WorkspaceStrategy created = workspace.create(words.get(1));
				out.println("Created " + created.file());
				out.print(compiled(created));
			}
			case "compile" -> {
				requireArguments(words, 1);
				out.print(compiled(workspace.compile(words.get(1))));
			}
			case "remove" -> {
				requireArguments(words, 1);
				workspace.remove(words.get(1));
				out.println("Removed " + words.get(1) + " and its file");
			}
			default -> throw new UsageException("unknown subcommand " + subcommand + "; one of new, compile, list, remove");
			}
		});
	}

	private static void requireArguments(List<String> words, int count) throws UsageException {
		if (words.size() - 1 != count) {
			throw new UsageException(words.get(0) + " takes " + (count == 0 ? "no arguments" : "one argument")
					+ ", got " + (words.size() - 1));
		}
	}

	/** {@code NAME: compiled as strategy ID}, or each problem on its line and a count. */
	static String compiled(WorkspaceStrategy s) {
		StringBuilder text = new StringBuilder();
		if (s.registered()) {
			text.append(s.name()).append(": compiled as strategy ").append(s.strategyId().orElseThrow())
					.append("; backstop:backtest ").append(s.strategyId().orElseThrow()).append(" runs it\n");
			return text.toString();
		}
		for (CompileProblem p : s.problems()) {
			text.append(p).append('\n');
		}
		int n = s.problems().size();
		text.append(s.name()).append(": ").append(n).append(n == 1 ? " error" : " errors").append("; not registered\n");
		return text.toString();
	}

	/** One row per source: name, state, strategy id, and the first problem of one with errors. */
	static String list(List<WorkspaceStrategy> strategies) {
		if (strategies.isEmpty()) {
			return "No strategies in the workspace; backstop:strategy new NAME writes one\n";
		}
		TextTable table = TextTable.of("name", "state", "strategy", "first problem");
		for (WorkspaceStrategy s : strategies) {
			table.row(s.name(), s.state().label(), s.strategyId().orElse("—"),
					s.problems().isEmpty() ? "" : s.problems().get(0).toString());
		}
		return table.render();
	}
}
