package io.backstop.strategies.workspace.internal;

import java.util.Map;
import java.util.Set;

/**
 * The class loader of one compiled workspace strategy: its own classes from their bytes (checked
 * and guarded by the {@link BytecodeSandbox} before they get here), the strategy API from the loader
 * that sees it, {@code java.*} from the platform, the {@link LoopGuard} the sandbox calls, and
 * nothing else, so that a strategy cannot reach Backstop's internals or other bundles.
 */
final class StrategyClassLoader extends ClassLoader {

	/** The packages a strategy may use besides {@code java.*}. */
	static final Set<String> API_PACKAGES = Set.of("io.backstop.backtest", "io.backstop.data", "io.backstop.indicators");

	static {
		registerAsParallelCapable();
	}

	private final Map<String, byte[]> classes;
	private final ClassLoader api;

	/**
	 * @param name    the strategy's name, shown in stack traces
	 * @param classes the compiled classes by binary name
	 * @param api     sees the {@link #API_PACKAGES}
	 */
	StrategyClassLoader(String name, Map<String, byte[]> classes, ClassLoader api) {
		super("strategy " + name, null);
		this.classes = Map.copyOf(classes);
		this.api = api;
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		synchronized (getClassLoadingLock(name)) {
			Class<?> loaded = findLoadedClass(name);
			if (loaded == null) {
				loaded = find(name);
			}
			if (resolve) {
				resolveClass(loaded);
			}
			return loaded;
		}
	}

	private Class<?> find(String name) throws ClassNotFoundException {
		byte[] bytes = classes.get(name);
		if (bytes != null) {
			return defineClass(name, bytes, 0, bytes.length);
		}
		if (name.equals(LoopGuard.class.getName())) {
			return LoopGuard.class;
		}
		if (name.startsWith("java.")) {
			return ClassLoader.getPlatformClassLoader().loadClass(name);
		}
		int dot = name.lastIndexOf('.');
		if (dot > 0 && API_PACKAGES.contains(name.substring(0, dot))) {
			return api.loadClass(name);
		}
		throw new ClassNotFoundException(name + " is outside what a strategy may use (java.* and "
				+ String.join(", ", API_PACKAGES.stream().sorted().toList()) + ")");
	}
}
