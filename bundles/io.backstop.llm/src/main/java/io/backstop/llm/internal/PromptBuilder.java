package io.backstop.llm.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.backstop.llm.AgentSpec;
import io.backstop.llm.IterationRecord;
import io.backstop.llm.ParameterSpec;

/**
 * The text the model reads. Each turn is a fresh two-message conversation (system, user)
 * carrying the whole history as a compact table, so the context stays bounded however
 * long the run and the model never loses early results.
 */
final class PromptBuilder {

	private final AgentSpec spec;

	PromptBuilder(AgentSpec spec) {
		this.spec = spec;
	}

	String system() {
		String params = spec.parameters().stream().map(p -> "- " + p.describe()).collect(Collectors.joining("\n"));
		ParameterSpec first = spec.parameters().get(0);
		return """
				You tune the parameters of the trading strategy "%s" on %s.
				Objective: %s.
				Parameters:
				%s
				You have %d evaluations. Each turn you see every result so far; answer with exactly one JSON object:
				{"action": "continue", "parameters": {%s}, "reasoning": "..."} evaluates one parameter set (give every parameter);
				{"action": "sweep", "ranges": {"%s": {"min": a, "max": b}}, "parameters": {...}, "reasoning": "..."} evaluates a small grid over narrowed ranges (at most %d points; parameters not swept keep the given or the best values);
				{"action": "accept", "reasoning": "..."} ends the run with the best result so far;
				{"action": "stop", "reasoning": "..."} ends the run without accepting.
				Values must lie within the ranges above; integers must be whole numbers."""
				.formatted(spec.strategyId(), spec.dataSeries(), spec.objective().describe(), params,
						spec.maxIterations(),
						spec.parameters().stream().map(p -> "\"" + p.name() + "\": ...").collect(Collectors.joining(", ")),
						first.name(), spec.maxSweepPoints());
	}

	/**
	 * @param lastSweep summary of the sweep just run, or null
	 */
	String turn(List<IterationRecord> history, IterationRecord best, String lastSweep) {
		int next = history.size() + 1;
		StringBuilder text = new StringBuilder();
		if (history.isEmpty()) {
			text.append("No evaluations yet. Propose the first parameter set.\n");
		} else {
			text.append("Results so far (").append(history.size()).append(" of ").append(spec.maxIterations())
					.append(" evaluations used):\n");
			for (IterationRecord r : history) {
				text.append(line(r)).append('\n');
			}
			if (lastSweep != null) {
				text.append(lastSweep).append('\n');
			}
			if (best != null) {
				text.append("Best so far: #").append(best.iteration()).append(' ')
						.append(values(best.parameters())).append(" with ").append(spec.objective().metric())
						.append(" = ").append(ReplyParser.number(best.objectiveValue())).append('\n');
			}
		}
		text.append("Evaluation ").append(next).append(" of ").append(spec.maxIterations())
				.append(" is next. Reply with one JSON object.");
		return text.toString();
	}

	String correction(String error) {
		return "Your reply was not usable: " + error + ". Reply again with exactly one JSON object as described.";
	}

	/** Top cells of a sweep, for the next turn. */
	String sweepSummary(List<IterationRecord> cells) {
		Comparator<IterationRecord> byObjective = Comparator.comparingDouble(r -> Double.isNaN(r.objectiveValue())
				? Double.NEGATIVE_INFINITY
				: (spec.objective().maximize() ? r.objectiveValue() : -r.objectiveValue()));
		return "The sweep evaluated " + cells.size() + " points; the best were: "
				+ cells.stream().sorted(byObjective.reversed()).limit(3)
						.map(r -> values(r.parameters()) + " -> " + spec.objective().metric() + " "
								+ ReplyParser.number(r.objectiveValue()))
						.collect(Collectors.joining("; "));
	}

	private String line(IterationRecord r) {
		String outcome = r.error() != null ? "failed: " + r.error() : metrics(r.metrics());
		return "#" + r.iteration() + " " + r.action() + " " + values(r.parameters()) + " -> " + outcome;
	}

	static String values(Map<String, Number> values) {
		return new java.util.TreeMap<>(values).entrySet().stream().map(e -> e.getKey() + "=" + ReplyParser.number(e.getValue().doubleValue()))
				.collect(Collectors.joining(", ", "{", "}"));
	}

	private static String metrics(Map<String, Double> metrics) {
		return metrics.entrySet().stream().sorted(Map.Entry.comparingByKey())
				.map(e -> e.getKey() + "=" + ReplyParser.number(e.getValue())).collect(Collectors.joining(", "));
	}
}
