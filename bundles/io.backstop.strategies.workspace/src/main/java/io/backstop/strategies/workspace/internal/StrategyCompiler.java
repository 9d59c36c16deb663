package io.backstop.strategies.workspace.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

import io.backstop.backtest.Strategy;
import io.backstop.strategies.workspace.CompileProblem;

/**
 * Compiles one workspace strategy's source in process, in memory, against the strategy API's
 * class path, and loads its class in a {@link StrategyClassLoader} of its own.
 */
final class StrategyCompiler {

	/** What one compile gave: the strategy, or the problems that stopped it. */
	record Outcome(GuardedStrategy strategy, List<CompileProblem> problems) {

		static Outcome failed(List<CompileProblem> problems) {
			return new Outcome(null, problems);
		}

		static Outcome failed(Path file, String message) {
			return failed(List.of(CompileProblem.ofFile(file, message)));
		}
	}

	private final JavaCompiler javac;
	private final List<Path> classPath;
	private final ClassLoader api;
	private final RunBudget budget;

	/**
	 * @param javac     the JDK's compiler
	 * @param classPath jars or directories holding the strategy API packages
	 * @param api       the class loader that sees the strategy API packages
	 * @param budget    the time each run of a compiled strategy may take
	 */
	StrategyCompiler(JavaCompiler javac, List<Path> classPath, ClassLoader api, RunBudget budget) {
		this.javac = javac;
		this.classPath = List.copyOf(classPath);
		this.api = api;
		this.budget = budget;
	}

	/** Compiles {@code file}, which must hold a public class {@code name} implementing {@link Strategy}. */
	Outcome compile(Path file, String name) {
		String source;
		try {
			source = Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			return Outcome.failed(file, "cannot be read: " + e);
		}
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		Map<String, byte[]> classes = new ConcurrentHashMap<>();
		try (StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8); InMemoryOutput output = new InMemoryOutput(standard, classes)) {
			standard.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
			// only the file itself is compiled; no other sources are looked for
			standard.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
			List<String> options = List.of("-g", "-proc:none", "-implicit:none", "-Xlint:none", "-encoding", "UTF-8",
					"--release", Integer.toString(Runtime.version().feature()));
			boolean compiled = javac.getTask(null, output, diagnostics, options, null,
					List.of(new Source(file, source))).call();
			List<CompileProblem> problems = problems(file, diagnostics);
			if (!compiled || !problems.isEmpty()) {
				return Outcome.failed(problems.isEmpty() ? List.of(CompileProblem.ofFile(file, "did not compile")) : problems);
			}
		} catch (IOException | RuntimeException e) {
			return Outcome.failed(file, "the compiler failed: " + e);
		}
		List<CompileProblem> refused = sandbox(file, source, classes);
		if (!refused.isEmpty()) {
			return Outcome.failed(refused);
		}
		classes.replaceAll((className, bytes) -> BytecodeSandbox.guardLoops(bytes));
		return load(file, name, classes);
	}

	/** The references the sandbox refuses, as problems at their source lines. */
	private static List<CompileProblem> sandbox(Path file, String source, Map<String, byte[]> classes) {
		List<CompileProblem> problems = new ArrayList<>();
		for (BytecodeSandbox.Refusal r : BytecodeSandbox.check(classes)) {
			long line = r.line() > 0 ? r.line() : lineNaming(source, r.what());
			problems.add(line > 0 ? new CompileProblem(file, line, 0, r.message())
					: CompileProblem.ofFile(file, r.message()));
		}
		// a field's type is met at its declaration and again where its initialiser assigns it
		return problems.stream().distinct().toList();
	}

	/**
	 * The first line that names {@code what}'s class, for a reference the bytecode gives no line for
	 * (a field's type, an implemented interface); 0 when none does.
	 */
	private static long lineNaming(String source, String what) {
		String simple = null;
		for (String part : what.split("\\.")) {
			if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
				simple = part.contains("$") ? part.substring(part.lastIndexOf('$') + 1) : part;
				break;
			}
		}
		if (simple == null) {
			return 0;
		}
		Pattern word = Pattern.compile("\\b" + Pattern.quote(simple) + "\\b");
		List<String> lines = source.lines().toList();
		for (int i = 0; i < lines.size(); i++) {
			String l = lines.get(i).strip();
			if (!l.startsWith("import ") && word.matcher(l).find()) {
				return i + 1;
			}
		}
		return 0;
	}

	private static List<CompileProblem> problems(Path file, DiagnosticCollector<JavaFileObject> diagnostics) {
		List<CompileProblem> problems = new ArrayList<>();
		for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
			if (d.getKind() != Diagnostic.Kind.ERROR) {
				continue;
			}
			String message = oneLine(d.getMessage(Locale.ROOT));
			problems.add(d.getSource() == null || d.getLineNumber() == Diagnostic.NOPOS
					? CompileProblem.ofFile(file, message)
					: new CompileProblem(file, d.getLineNumber(), Math.max(0, d.getColumnNumber()), message));
		}
		return problems;
	}

	/** javac's multi-line messages ("cannot find symbol\n  symbol: ...") on one line. */
	private static String oneLine(String message) {
		return String.join("; ", message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
	}

	private Outcome load(Path file, String name, Map<String, byte[]> classes) {
		String className = classes.keySet().stream().filter(c -> c.equals(name) || c.endsWith("." + name)).findFirst()
				.orElse(null);
		if (className == null) {
			return Outcome.failed(file, "declares no class " + name + "; a strategy's class is named like its file");
		}
		Class<?> type;
		try {
			type = Class.forName(className, false, new StrategyClassLoader(name, classes, api));
		} catch (ClassNotFoundException | LinkageError e) {
			return Outcome.failed(file, "class " + className + " cannot be loaded: " + e.getMessage());
		}
		if (!Strategy.class.isAssignableFrom(type)) {
			return Outcome.failed(file, "class " + className + " does not implement " + Strategy.class.getName()
					+ " (extend io.backstop.backtest.RulesStrategy)");
		}
		if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
			return Outcome.failed(file, "class " + className + " must be public and not abstract");
		}
		Constructor<?> constructor;
		try {
			constructor = type.getConstructor();
		} catch (NoSuchMethodException e) {
			return Outcome.failed(file, "class " + className + " has no public constructor without arguments");
		}
		try {
			GuardedStrategy strategy = new GuardedStrategy((Strategy) constructor.newInstance(), className, budget);
			if (strategy.id() == null || strategy.id().isBlank()) {
				return Outcome.failed(file, "class " + className + " gives no strategy id");
			}
			return new Outcome(strategy, List.of());
		} catch (InvocationTargetException e) {
			return Outcome.failed(file, constructionFault(className, e.getCause()));
		} catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
			return Outcome.failed(file, constructionFault(className, e));
		}
	}

	private static String constructionFault(String className, Throwable thrown) {
		String where = GuardedStrategy.sourceLine(thrown, className);
		return "creating " + className + " failed" + (where.isEmpty() ? "" : " at " + where) + ": "
				+ thrown.getClass().getSimpleName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage());
	}

	/** The source as javac reads it, named by its file so that diagnostics name it. */
	private static final class Source extends SimpleJavaFileObject {
		private final String text;

		Source(Path file, String text) {
			super(file.toUri(), Kind.SOURCE);
			this.text = text;
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return text;
		}
	}

	/** Keeps the class files javac writes in memory, by binary name. */
	private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
		private final Map<String, byte[]> classes;

		InMemoryOutput(StandardJavaFileManager standard, Map<String, byte[]> classes) {
			super(standard);
			this.classes = classes;
		}

		@Override
		public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
				FileObject sibling) {
			return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
				@Override
				public OutputStream openOutputStream() {
					return new ByteArrayOutputStream() {
						@Override
						public void close() {
							classes.put(className, toByteArray());
						}
					};
				}
			};
		}
	}
}
