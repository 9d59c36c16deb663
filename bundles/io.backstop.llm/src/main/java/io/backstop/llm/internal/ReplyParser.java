package io.backstop.llm.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.backstop.llm.ParameterSpec;
import io.backstop.llm.internal.Decision.Action;

/**
 * Reads the model's JSON answer and checks it against the parameter ranges. Error messages
 * are written for the model: they say what was wrong and what is allowed, so a retry can fix it.
 */
final class ReplyParser {

	private final List<ParameterSpec> specs;
	private final Map<String, ParameterSpec> byName = new LinkedHashMap<>();

	ReplyParser(List<ParameterSpec> specs) {
		this.specs = specs;
		specs.forEach(s -> byName.put(s.name(), s));
	}

	/**
	 * @param anythingEvaluated whether "accept" makes sense yet
	 */
	Decision parse(String reply, boolean anythingEvaluated) throws InvalidReplyException {
		JsonObject json = extractObject(reply);
		String reasoning = json.get("reasoning") instanceof JsonPrimitive p ? p.getAsString() : "";
		Action action = action(json);
		JsonObject params = optionalObject(json, "parameters");
		return switch (action) {
		case CONTINUE -> {
			if (params == null) {
				throw new InvalidReplyException("\"continue\" needs a \"parameters\" object with " + names());
			}
			yield new Decision(action, parameters(params, true), Map.of(), reasoning);
		}
		case SWEEP -> {
			JsonObject ranges = optionalObject(json, "ranges");
			if (ranges == null || ranges.isEmpty()) {
				throw new InvalidReplyException(
						"\"sweep\" needs a \"ranges\" object such as {\"" + specs.get(0).name() + "\": {\"min\": "
								+ number(specs.get(0).min()) + ", \"max\": " + number(specs.get(0).max()) + "}}");
			}
			yield new Decision(action, params == null ? Map.of() : parameters(params, false), ranges(ranges),
					reasoning);
		}
		case ACCEPT -> {
			if (!anythingEvaluated) {
				throw new InvalidReplyException("nothing has been evaluated yet, so there is nothing to accept; "
						+ "propose parameters with \"continue\" first");
			}
			yield new Decision(action, params == null ? Map.of() : parameters(params, false), Map.of(), reasoning);
		}
		case STOP -> new Decision(action, Map.of(), Map.of(), reasoning);
		};
	}

	/** Models wrap JSON in prose or code fences; take the outermost object. */
	private static JsonObject extractObject(String reply) throws InvalidReplyException {
		int start = reply.indexOf('{');
		int end = reply.lastIndexOf('}');
		if (start < 0 || end <= start) {
			throw new InvalidReplyException("the reply contains no JSON object; reply with one JSON object only");
		}
		JsonObject json = Json.parseObject(reply.substring(start, end + 1));
		if (json == null) {
			throw new InvalidReplyException("the reply is not valid JSON: " + Json.snippet(reply.substring(start, end + 1)));
		}
		return json;
	}

	private static Action action(JsonObject json) throws InvalidReplyException {
		JsonElement a = json.get("action");
		if (a == null) {
			if (json.has("parameters")) {
				return Action.CONTINUE;
			}
			throw new InvalidReplyException("missing \"action\": use continue, sweep, accept or stop");
		}
		String text = a.isJsonPrimitive() ? a.getAsString().trim().toLowerCase(Locale.ROOT).replace('_', '-') : "";
		if (text.startsWith("sweep") || text.equals("narrow")) {
			return Action.SWEEP;
		}
		return switch (text) {
		case "continue" -> Action.CONTINUE;
		case "accept" -> Action.ACCEPT;
		case "stop" -> Action.STOP;
		default -> throw new InvalidReplyException(
				"unknown action " + a + ": use continue, sweep, accept or stop");
		};
	}

	private Map<String, Number> parameters(JsonObject params, boolean complete) throws InvalidReplyException {
		Map<String, Number> values = new LinkedHashMap<>();
		for (Map.Entry<String, JsonElement> e : params.entrySet()) {
			ParameterSpec spec = spec(e.getKey());
			values.put(spec.name(), validate(spec, e.getValue()));
		}
		if (complete) {
			List<String> missing = specs.stream().map(ParameterSpec::name).filter(n -> !values.containsKey(n)).toList();
			if (!missing.isEmpty()) {
				throw new InvalidReplyException("missing parameters " + missing + "; give all of " + names());
			}
		}
		return values;
	}

	private Map<String, double[]> ranges(JsonObject ranges) throws InvalidReplyException {
		Map<String, double[]> result = new LinkedHashMap<>();
		for (Map.Entry<String, JsonElement> e : ranges.entrySet()) {
			ParameterSpec spec = spec(e.getKey());
			JsonElement range = e.getValue();
			JsonElement lo;
			JsonElement hi;
			if (range.isJsonObject()) {
				lo = range.getAsJsonObject().get("min");
				hi = range.getAsJsonObject().get("max");
			} else if (range.isJsonArray() && range.getAsJsonArray().size() == 2) {
				lo = range.getAsJsonArray().get(0);
				hi = range.getAsJsonArray().get(1);
			} else {
				throw new InvalidReplyException("range of " + spec.name() + " must be {\"min\": a, \"max\": b}");
			}
			double min = validate(spec, lo).doubleValue();
			double max = validate(spec, hi).doubleValue();
			if (min > max) {
				throw new InvalidReplyException("range of " + spec.name() + ": min " + number(min) + " is above max "
						+ number(max));
			}
			result.put(spec.name(), new double[] { min, max });
		}
		return result;
	}

	private ParameterSpec spec(String name) throws InvalidReplyException {
		ParameterSpec spec = byName.get(name);
		if (spec == null) {
			throw new InvalidReplyException("unknown parameter \"" + name + "\"; the parameters are " + names());
		}
		return spec;
	}

	private static Number validate(ParameterSpec spec, JsonElement value) throws InvalidReplyException {
		double v;
		try {
			if (value == null || !value.isJsonPrimitive()) {
				throw new NumberFormatException();
			}
			v = value.getAsJsonPrimitive().isNumber() ? value.getAsDouble()
					: Double.parseDouble(value.getAsString().trim());
		} catch (RuntimeException e) {
			throw new InvalidReplyException(spec.name() + " must be a number, got " + value);
		}
		try {
			return spec.validate(v);
		} catch (IllegalArgumentException e) {
			throw new InvalidReplyException(e.getMessage());
		}
	}

	private static JsonObject optionalObject(JsonObject json, String field) throws InvalidReplyException {
		JsonElement e = json.get(field);
		if (e == null || e.isJsonNull()) {
			return null;
		}
		if (!e.isJsonObject()) {
			throw new InvalidReplyException("\"" + field + "\" must be a JSON object");
		}
		return e.getAsJsonObject();
	}

	private String names() {
		return specs.stream().map(ParameterSpec::name).toList().toString();
	}

	static String number(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
	}
}
