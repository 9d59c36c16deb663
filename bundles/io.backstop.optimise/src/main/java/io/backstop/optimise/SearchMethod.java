package io.backstop.optimise;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a search picks the parameter sets it evaluates. */
public enum SearchMethod {
	/** Points drawn uniformly from the grid, each at most once. */
	RANDOM,
	/** A genetic algorithm (Jenetics): a population of grid points, tournament selection, crossover, mutation. */
	GENETIC,
	/** CMA-ES (Commons Math) on the grid's index space, restarted with a larger population when it converges. */
	CMAES;

	/** How people type it: "random", "genetic", "cmaes". */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The method people typed, case-insensitive.
	 *
	 * @throws IllegalArgumentException naming the accepted methods
	 */
	public static SearchMethod parse(String typed) {
		for (SearchMethod m : values()) {
			if (m.label().equalsIgnoreCase(typed == null ? "" : typed.strip())) {
				return m;
			}
		}
		throw new IllegalArgumentException("method: '" + typed + "' is not one of "
				+ Arrays.stream(values()).map(SearchMethod::label).collect(Collectors.joining(", ")));
	}
}
