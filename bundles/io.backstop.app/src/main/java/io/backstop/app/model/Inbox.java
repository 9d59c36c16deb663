package io.backstop.app.model;

import java.util.function.Consumer;

/**
 * What one view hands to another, which may not have been created yet: one per workbench (the
 * subclasses are singletons); what arrives before the receiving view listens waits for it.
 *
 * @param <T> what is handed over
 */
public abstract class Inbox<T> {

	private Consumer<T> reader;
	private T waiting;

	/** Hands {@code item} to the listening view, or keeps it until one listens. */
	public synchronized void deliver(T item) {
		if (reader != null) {
			reader.accept(item);
		} else {
			waiting = item;
		}
	}

	/** The receiving view listens (on the UI thread); returns how it stops listening. */
	public synchronized Runnable listen(Consumer<T> listener) {
		reader = listener;
		if (waiting != null) {
			T first = waiting;
			waiting = null;
			listener.accept(first);
		}
		return () -> {
			synchronized (this) {
				if (reader == listener) {
					reader = null;
				}
			}
		};
	}
}
