package io.backstop.llm.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/** Small helpers over Gson's tree model, tolerant of absent fields. */
final class Json {

	private Json() {
	}

	/** The text parsed as a JSON object, or null when it is not one (Gson alone would accept bare words). */
	static JsonObject parseObject(String text) {
		try {
			JsonElement element = JsonParser.parseString(text);
			return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
		} catch (RuntimeException e) {
			return null;
		}
	}

	static String string(JsonObject object, String field, String fallback) {
		JsonElement e = object == null ? null : object.get(field);
		return e instanceof JsonPrimitive p ? p.getAsString() : fallback;
	}

	static long number(JsonObject object, String field, long fallback) {
		JsonElement e = object == null ? null : object.get(field);
		if (e instanceof JsonPrimitive p && p.isNumber()) {
			return p.getAsLong();
		}
		return fallback;
	}

	static boolean bool(JsonObject object, String field) {
		JsonElement e = object == null ? null : object.get(field);
		return e instanceof JsonPrimitive p && p.isBoolean() && p.getAsBoolean();
	}

	/** The first characters of a body, on one line, for error messages. */
	static String snippet(String body) {
		if (body == null) {
			return "";
		}
		String line = body.strip().replaceAll("\\s+", " ");
		return line.length() <= 120 ? line : line.substring(0, 120) + "...";
	}
}
