package io.backstop.strategies.workspace.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.Workspace;
import io.backstop.indicators.Indicators;
import io.backstop.strategies.workspace.CandidateStrategy;
import io.backstop.strategies.workspace.CompileProblem;
import io.backstop.strategies.workspace.StrategyState;
import io.backstop.strategies.workspace.StrategyWorkspace;
import io.backstop.strategies.workspace.WorkspaceStrategy;

/**
 * The {@link StrategyWorkspace} service: compiles {@code WORKSPACE/strategies/*.java} against the
 * bundles that export the strategy API and registers each compiled strategy as a {@link Strategy}
 * service of this bundle. Every source is compiled when it starts, in the background; the
 * service's methods wait for that first pass.
 */
@Component(service = StrategyWorkspace.class, configurationPid = WorkspaceStrategiesComponent.PID)
@Designate(ocd = WorkspaceStrategiesConfiguration.class)
public class WorkspaceStrategiesComponent implements StrategyWorkspace {

	/** The configuration's PID. */
	static final String PID = "io.backstop.strategies.workspace";

	/** Service property of a workspace strategy: its source file. */
	static final String SOURCE_PROPERTY = "strategy.source";
	/** Workspace strategies follow the built-ins and bundles' strategies in catalogues. */
	private static final int ORDER = 1000;

	private static final Logger LOG = Logger.getLogger(WorkspaceStrategiesComponent.class.getName());

	/** A source's last compile: its strategy and registration when it compiled, else its problems. */
	private record Entry(Path file, GuardedStrategy strategy, ServiceRegistration<Strategy> registration,
			List<CompileProblem> problems) {
	}

	@Reference
	private StrategyRegistry registry;

	private final Object lock = new Object();
	private final Map<String, Entry> entries = new TreeMap<>();
	private BundleContext context;
	private Path directory;
	private StrategyCompiler compiler;
	private String compilerMissing;
	private ExecutorService startup;
	private RunBudget budget;

	@Activate
	void activate(BundleContext bundleContext, WorkspaceStrategiesConfiguration configuration) {
		context = bundleContext;
		budget = new RunBudget(Duration.ofSeconds(configuration.run_budget_seconds()));
		directory = Workspace.of(bundleContext.getProperty(Workspace.INSTANCE_AREA)).resolve("strategies");
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		if (javac == null) {
			compilerMissing = "no Java compiler in this runtime (" + System.getProperty("java.home")
					+ "): run Backstop on a JDK to compile strategies";
			LOG.warning(compilerMissing);
		} else {
			compiler = new StrategyCompiler(javac, apiClassPath(), getClass().getClassLoader(), budget);
		}
		startup = Executors.newSingleThreadExecutor(r -> new Thread(r, "workspace strategies: first compile"));
		startup.execute(this::compileAll);
	}

	/** A new budget applies to the runs that start after it. */
	@Modified
	void modified(WorkspaceStrategiesConfiguration configuration) {
		budget.set(Duration.ofSeconds(configuration.run_budget_seconds()));
	}

	@Deactivate
	void deactivate() throws InterruptedException {
		startup.shutdownNow();
		startup.awaitTermination(30, TimeUnit.SECONDS);
		synchronized (lock) {
			for (Entry e : entries.values()) {
				unregister(e);
			}
			entries.clear();
		}
		budget.close();
	}

	/** The bundle files (jars or folders) of the bundles that export the strategy API packages. */
	private static List<Path> apiClassPath() {
		List<Path> paths = new ArrayList<>();
		for (Class<?> api : List.of(Strategy.class, OhlcvSeries.class, Indicators.class)) {
			Bundle bundle = FrameworkUtil.getBundle(api);
			File file = bundle == null ? null : FileLocator.getBundleFileLocation(bundle).orElse(null);
			if (file == null) {
				throw new IllegalStateException("the strategy API package " + api.getPackageName()
						+ " comes from no bundle file to compile against");
			}
			paths.add(file.toPath());
		}
		return paths;
	}

	private void compileAll() {
		synchronized (lock) {
			for (Path file : sources()) {
				if (Thread.currentThread().isInterrupted()) {
					return;
				}
				String name = nameOf(file);
				LOG.fine(() -> "compiling " + file);
				compileLocked(name, file);
			}
		}
	}

	/** Waits for the first compile of the workspace, so that no caller sees it half done. */
	private void awaitStartup() {
		if (!startup.isShutdown()) {
			startup.shutdown();
		}
		try {
			startup.awaitTermination(5, TimeUnit.MINUTES);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public Path directory() {
		return directory;
	}

	@Override
	public Optional<String> compilerMissing() {
		return Optional.ofNullable(compilerMissing);
	}

	@Override
	public List<WorkspaceStrategy> list() {
		awaitStartup();
		synchronized (lock) {
			List<WorkspaceStrategy> listed = new ArrayList<>();
			for (Path file : sources()) {
				String name = nameOf(file);
				Entry e = entries.get(name);
				listed.add(e == null ? describe(name, new Entry(file, null, null,
						List.of(CompileProblem.ofFile(file, "not compiled yet")))) : describe(name, e));
			}
			return listed;
		}
	}

	@Override
	public WorkspaceStrategy create(String name) {
		String checked = StrategyNames.check(name);
		return add(checked, StrategyNames.template(checked));
	}

	@Override
	public WorkspaceStrategy add(String name, String source) {
		String checked = StrategyNames.check(name);
		Path file = directory.resolve(checked + StrategyNames.SUFFIX);
		awaitStartup();
		synchronized (lock) {
			if (Files.exists(file)) {
				throw new IllegalArgumentException("strategy " + checked + " exists already: " + file);
			}
			try {
				Files.createDirectories(directory);
				Files.writeString(file, source, StandardCharsets.UTF_8);
			} catch (IOException e) {
				throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
			}
			return compileLocked(checked, file);
		}
	}

	@Override
	public CandidateStrategy compileCandidate(Path file) {
		String fileName = file.getFileName().toString();
		if (!fileName.endsWith(StrategyNames.SUFFIX)) {
			throw new IllegalArgumentException(file + " is not a .java file");
		}
		String name = StrategyNames.check(nameOf(file));
		if (compiler == null) {
			return new CandidateStrategy(file, Optional.empty(), List.of(CompileProblem.ofFile(file, compilerMissing)));
		}
		// no lock: a candidate touches no registration, and its constructor may be abandoned mid-way
		StrategyCompiler.Outcome outcome = compiler.compile(file, name);
		return new CandidateStrategy(file, Optional.ofNullable(outcome.strategy()), outcome.problems());
	}

	@Override
	public String idOf(String name) {
		return StrategyNames.idOf(StrategyNames.check(name));
	}

	@Override
	public String template(String name) {
		return StrategyNames.template(StrategyNames.check(name));
	}

	@Override
	public WorkspaceStrategy compile(String nameOrFile) {
		Path file = fileOf(nameOrFile);
		String name = StrategyNames.check(nameOf(file));
		awaitStartup();
		synchronized (lock) {
			if (!Files.isRegularFile(file)) {
				Entry gone = entries.remove(name);
				if (gone != null) {
					unregister(gone);
				}
				throw new IllegalArgumentException("no strategy file " + file);
			}
			return compileLocked(name, file);
		}
	}

	@Override
	public void remove(String name) {
		String checked = StrategyNames.check(name);
		Path file = directory.resolve(checked + StrategyNames.SUFFIX);
		awaitStartup();
		synchronized (lock) {
			Entry removed = entries.remove(checked);
			if (removed != null) {
				unregister(removed);
			}
			try {
				if (!Files.deleteIfExists(file) && removed == null) {
					throw new IllegalArgumentException("no strategy " + checked + " in " + directory);
				}
			} catch (IOException e) {
				throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
			}
		}
	}

	/** A name in the strategies folder, or the path of a {@code .java} file in it. */
	private Path fileOf(String nameOrFile) {
		if (nameOrFile == null || nameOrFile.isBlank()) {
			throw new IllegalArgumentException("no strategy name or file given");
		}
		String input = nameOrFile.strip();
		if (!input.endsWith(StrategyNames.SUFFIX) && input.indexOf('/') < 0 && input.indexOf(File.separatorChar) < 0) {
			return directory.resolve(StrategyNames.check(input) + StrategyNames.SUFFIX);
		}
		Path file = directory.resolve(input).toAbsolutePath().normalize();
		if (!file.getFileName().toString().endsWith(StrategyNames.SUFFIX)) {
			throw new IllegalArgumentException(input + " is not a .java file");
		}
		if (!directory.equals(file.getParent())) {
			throw new IllegalArgumentException(input + " is not in " + directory + ", where strategies are compiled from");
		}
		return file;
	}

	private List<Path> sources() {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(f -> f.getFileName().toString().endsWith(StrategyNames.SUFFIX) && Files.isRegularFile(f))
					.sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
		}
	}

	private static String nameOf(Path file) {
		String fileName = file.getFileName().toString();
		return fileName.substring(0, fileName.length() - StrategyNames.SUFFIX.length());
	}

	/**
	 * Compiles and registers the new version before withdrawing the old one, so that the id is never
	 * missing from the registry; problems withdraw the old version, so that what runs is what the file says.
	 */
	private WorkspaceStrategy compileLocked(String name, Path file) {
		Entry previous = entries.get(name);
		Entry next;
		if (compiler == null) {
			next = new Entry(file, null, null, List.of(CompileProblem.ofFile(file, compilerMissing)));
		} else {
			StrategyCompiler.Outcome outcome = compiler.compile(file, name);
			String taken = outcome.strategy() == null ? null : takenBy(outcome.strategy().id(), name);
			if (taken != null) {
				next = new Entry(file, null, null, List.of(CompileProblem.ofFile(file, taken)));
			} else if (outcome.strategy() != null) {
				next = new Entry(file, outcome.strategy(), register(outcome.strategy(), file), List.of());
			} else {
				next = new Entry(file, null, null, outcome.problems());
			}
		}
		entries.put(name, next);
		if (previous != null) {
			unregister(previous);
		}
		return describe(name, next);
	}

	/** Why {@code id} cannot be registered for source {@code name}, or null when it can. */
	private String takenBy(String id, String name) {
		for (Map.Entry<String, Entry> other : entries.entrySet()) {
			GuardedStrategy s = other.getValue().strategy();
			if (!other.getKey().equals(name) && s != null && s.id().equals(id)) {
				return "strategy id " + id + " is taken by " + other.getValue().file().getFileName();
			}
		}
		Optional<Strategy> registered = registry.find(id);
		Entry own = entries.get(name);
		if (registered.isPresent() && (own == null || registered.get() != own.strategy())) {
			return "strategy id " + id + " is taken by " + registry.contributor(registered.get()).orElse("another strategy")
					+ "; give this one another id";
		}
		return null;
	}

	private ServiceRegistration<Strategy> register(GuardedStrategy strategy, Path file) {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(Strategy.ORDER, ORDER);
		properties.put(SOURCE_PROPERTY, file.toString());
		return context.registerService(Strategy.class, strategy, properties);
	}

	private static void unregister(Entry e) {
		if (e.registration() == null) {
			return;
		}
		try {
			e.registration().unregister();
		} catch (IllegalStateException alreadyGone) {
			LOG.log(Level.FINE, "strategy " + e.file() + " was unregistered already", alreadyGone);
		}
	}

	private static WorkspaceStrategy describe(String name, Entry e) {
		if (e.strategy() == null) {
			return new WorkspaceStrategy(name, e.file(), StrategyState.ERRORS, Optional.empty(), e.problems());
		}
		return new WorkspaceStrategy(name, e.file(), e.strategy().inUse() ? StrategyState.IN_USE : StrategyState.COMPILED,
				Optional.of(e.strategy().id()), List.of());
	}
}
