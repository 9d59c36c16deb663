package io.backstop.app.model;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.eclipse.e4.core.di.annotations.Creatable;

import jakarta.inject.Singleton;

/**
 * The strategy source the Strategies view hands to the strategy editor to open. One per
 * workbench; a file handed over before the editor listens waits for it.
 */
@Creatable
@Singleton
public class StrategyEditorInbox {

	private Consumer<Path> reader;
	private Path waiting;

	/** Hands a file to the editor, or keeps it until one listens. */
	public synchronized void open(Path file) {
		if (reader != null) {
			reader.accept(file);
		} else {
			waiting = file;
		}
	}

	/** The editor listens (on the UI thread); returns how it stops listening. */
	public synchronized Runnable listen(Consumer<Path> listener) {
		reader = listener;
		if (waiting != null) {
			Path first = waiting;
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
