package io.backstop.optimise.internal;

import io.backstop.optimise.SearchState;

/** Thrown through a search algorithm when the search must end; carries the state and the reason. */
final class SearchEnded extends RuntimeException {

	private static final long serialVersionUID = 1L;

	final SearchState state;

	SearchEnded(SearchState state, String reason) {
		super(reason, null, false, false);
		this.state = state;
	}

	/** The SearchEnded in {@code t}'s causes (libraries wrap what a fitness function throws), or null. */
	static SearchEnded in(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (c instanceof SearchEnded ended) {
				return ended;
			}
		}
		return null;
	}
}
