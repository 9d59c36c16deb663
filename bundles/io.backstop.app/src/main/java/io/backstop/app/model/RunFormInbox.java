package io.backstop.app.model;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.eclipse.e4.core.di.annotations.Creatable;

import io.backstop.run.RunKind;
import jakarta.inject.Singleton;

/**
 * What other views hand to the Run view to show: a strategy, a mode and what to type for its
 * parameters. One per workbench; what arrives before the Run view listens waits for it.
 */
@Creatable
@Singleton
public class RunFormInbox {

	/**
	 * A strategy, mode and inputs to show in the Run view.
	 *
	 * @param note one line for the Run view's status: where the inputs came from, what Run will do
	 */
	public record Delivery(String strategyId, RunKind kind, Map<String, String> inputs, String note) {
		public Delivery {
			Objects.requireNonNull(strategyId, "strategyId");
			Objects.requireNonNull(kind, "kind");
			Objects.requireNonNull(note, "note");
			inputs = Map.copyOf(inputs);
		}
	}

	private Consumer<Delivery> reader;
	private Delivery waiting;

	/** Hands a delivery to the Run view, or keeps it until one listens. */
	public synchronized void deliver(Delivery delivery) {
		if (reader != null) {
			reader.accept(delivery);
		} else {
			waiting = delivery;
		}
	}

	/** The Run view listens (on the UI thread); returns how it stops listening. */
	public synchronized Runnable listen(Consumer<Delivery> listener) {
		reader = listener;
		if (waiting != null) {
			Delivery first = waiting;
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
