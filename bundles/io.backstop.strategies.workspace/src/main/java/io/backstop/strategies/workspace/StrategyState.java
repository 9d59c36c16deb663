package io.backstop.strategies.workspace;

/** Where a workspace strategy stands. */
public enum StrategyState {
	/** Compiled and registered: runs, sweeps and agents can use it. */
	COMPILED,
	/** Compiled and registered, and a run is executing it now. */
	IN_USE,
	/** Not registered: its last compile found problems (the source may have been fixed since). */
	ERRORS;

	/** For people: {@code compiled}, {@code in use}, {@code errors}. */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
	}
}
