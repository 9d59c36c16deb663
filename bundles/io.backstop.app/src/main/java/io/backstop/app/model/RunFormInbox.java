package io.backstop.app.model;

import java.util.Map;
import java.util.Objects;

import org.eclipse.e4.core.di.annotations.Creatable;

import io.backstop.run.RunKind;
import jakarta.inject.Singleton;

/**
 * What other views hand to the Run view to show: a strategy, a mode and what to type for its
 * parameters.
 */
@Creatable
@Singleton
public class RunFormInbox extends Inbox<RunFormInbox.Delivery> {

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
}
