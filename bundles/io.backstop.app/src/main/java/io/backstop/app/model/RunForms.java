package io.backstop.app.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.backstop.backtest.Strategy;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;

/**
 * What the Run view holds for every strategy and kind of run visited: switching strategy or mode,
 * or choosing the mode already chosen, brings back what was typed there instead of the defaults.
 * What was typed outlives a restart: {@link #remembered()} gives it as keys and values to keep, and
 * a new instance recalls them.
 */
public final class RunForms {

	/** What every key of {@link #remembered()} starts with. */
	public static final String PREFIX = "run.form.";
	/** The strategy and kind chosen last, as {@code STRATEGY_ID/KIND}. */
	private static final String LAST = PREFIX + "last";

	private record Key(String strategyId, RunKind kind) {

		String prefix() {
			return PREFIX + strategyId + "/" + kind.name() + ".";
		}
	}

	private final Function<String, String> recall;
	private final Map<Key, RunForm> forms = new LinkedHashMap<>();
	private Key last;

	/** Nothing remembered: every form starts from its strategy's defaults. */
	public RunForms() {
		this(key -> null);
	}

	/** @param recall what {@link #remembered()} gave before, by key; null where nothing is */
	public RunForms(Function<String, String> recall) {
		this.recall = recall;
	}

	/** The form typed for a strategy and kind (as recalled, or holding its defaults); it becomes the last chosen. */
	public RunForm form(Strategy strategy, RunKind kind) {
		last = new Key(strategy.id(), kind);
		return forms.computeIfAbsent(last, k -> recalled(strategy, k));
	}

	/** The strategy id and kind chosen last before the restart, if any: {@code [id, KIND]}. */
	public String[] recalledLast() {
		String value = recall.apply(LAST);
		int slash = value == null ? -1 : value.lastIndexOf('/');
		if (slash <= 0) {
			return null;
		}
		try {
			RunKind.valueOf(value.substring(slash + 1));
			return new String[] { value.substring(0, slash), value.substring(slash + 1) };
		} catch (IllegalArgumentException unknownKind) {
			return null;
		}
	}

	/** Every form visited as keys and values to keep, with the last one chosen. */
	public Map<String, String> remembered() {
		Map<String, String> values = new LinkedHashMap<>();
		forms.forEach((key, form) -> {
			String prefix = key.prefix();
			form.inputs().forEach((parameter, typed) -> values.put(prefix + "input." + parameter, typed));
			values.put(prefix + "objective", form.objective().metric());
			values.put(prefix + "maximise", Boolean.toString(form.objective().maximise()));
			values.put(prefix + "topK", Integer.toString(form.topK()));
			values.put(prefix + "workers", Integer.toString(form.workers()));
			values.put(prefix + "cluster", Boolean.toString(form.cluster()));
		});
		if (last != null) {
			values.put(LAST, last.strategyId() + "/" + last.kind().name());
		}
		return values;
	}

	/** A new form with what was remembered for it; a value that no longer fits (a parameter gone) is dropped. */
	private RunForm recalled(Strategy strategy, Key key) {
		RunForm form = new RunForm(strategy, key.kind());
		String prefix = key.prefix();
		for (String parameter : form.inputs().keySet()) {
			String typed = recall.apply(prefix + "input." + parameter);
			if (typed != null) {
				form.setInput(parameter, typed);
			}
		}
		String metric = recall.apply(prefix + "objective");
		if (metric != null && !metric.isBlank()) {
			form.setObjective(new RunObjective(metric, !"false".equals(recall.apply(prefix + "maximise"))));
		}
		form.setTopK(number(recall.apply(prefix + "topK"), form.topK()));
		form.setWorkers(number(recall.apply(prefix + "workers"), form.workers()));
		form.setCluster("true".equals(recall.apply(prefix + "cluster")));
		return form;
	}

	private static int number(String text, int otherwise) {
		try {
			return text == null ? otherwise : Integer.parseInt(text);
		} catch (NumberFormatException e) {
			return otherwise;
		}
	}
}
