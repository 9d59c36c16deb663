package io.backstop.strategies.workspace;

import java.nio.file.Path;
import java.util.List;

/**
 * The strategies users write in {@code WORKSPACE/strategies}: each {@code NAME.java} holds a public
 * class {@code NAME} with a public no-argument constructor that implements
 * {@link io.backstop.backtest.Strategy} (most simply by extending
 * {@link io.backstop.backtest.RulesStrategy}). Compiled in process against the strategy API only,
 * checked by a sandbox (every class, method and field its bytecode references against an
 * allow-list: no file, network, thread, process or reflection access), loaded in a class loader
 * that sees nothing but that API and {@code java.*}, and registered as a
 * {@code Strategy} service at once; every source in the directory is compiled when the service starts.
 * <p>
 * Compiling a strategy again replaces its service: the registry withdraws the old version, which
 * halts a sweep running on it (its rows kept, resumable), and offers the new one. Removing it
 * withdraws it the same way.
 * <p>
 * Every method that takes a name or file refuses bad input with an {@link IllegalArgumentException}
 * of one line that names it.
 */
public interface StrategyWorkspace {

	/** {@code WORKSPACE/strategies}. */
	Path directory();

	/** Every {@code *.java} in {@link #directory()} with its state, by name. */
	List<WorkspaceStrategy> list();

	/**
	 * Writes {@code NAME.java} from the template, a moving-average crossover that compiles and trades,
	 * and compiles it.
	 *
	 * @param name a Java class name: a letter, then letters, digits or underscores
	 * @throws IllegalArgumentException for a bad name or when the file exists
	 */
	WorkspaceStrategy create(String name);

	/**
	 * Compiles a strategy and registers it, replacing its previous version; when it has problems, its
	 * previous version is withdrawn too, so that what runs is what the file says.
	 *
	 * @param nameOrFile a name in {@link #directory()}, or the path of a {@code .java} file in it
	 * @throws IllegalArgumentException naming the input when it is no strategy file of the workspace
	 */
	WorkspaceStrategy compile(String nameOrFile);

	/**
	 * Writes {@code NAME.java} with {@code source} and compiles it, as {@link #create(String)} does with
	 * the template: how a strategy written elsewhere (the strategy builder) joins the workspace.
	 *
	 * @throws IllegalArgumentException for a bad name or when the file exists (nothing is overwritten)
	 */
	WorkspaceStrategy add(String name, String source);

	/**
	 * Compiles a source in the same sandbox as the workspace's strategies without registering it: the
	 * strategy builder's candidates. Its constructor and metadata run on the calling thread, like its
	 * runs; interrupting the thread that runs its code abandons a loop that never returns (the run ends
	 * with an {@link Error}).
	 *
	 * @param file a {@code NAME.java} anywhere, holding a public class {@code NAME}
	 */
	CandidateStrategy compileCandidate(Path file);

	/** The id the template gives a strategy named {@code name}: {@code MyBreakout2} is {@code my_breakout2}. */
	String idOf(String name);

	/** The source {@link #create(String)} writes for {@code name}: a moving-average crossover that compiles and trades. */
	String template(String name);

	/**
	 * Withdraws a strategy and deletes its file.
	 *
	 * @throws IllegalArgumentException when there is no such strategy
	 */
	void remove(String name);

	/**
	 * Empty when strategies can be compiled, else the one line that says why not (Backstop runs
	 * on a Java runtime without a compiler).
	 */
	java.util.Optional<String> compilerMissing();
}
