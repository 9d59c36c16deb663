package io.backstop.builder.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * What the builder reads from the model's replies: the idea of a proposal, the Java source of a
 * code reply, the analysis. Models wrap and name things loosely; each reader takes what is there
 * and never fails: a reply without the expected shape is used as it is.
 */
final class Replies {

	private static final int IDEA_LENGTH = 200;
	private static final Pattern FENCED = Pattern.compile("```(?:java|Java)?\\s*\\n(.*?)```", Pattern.DOTALL);
	private static final Pattern PUBLIC_CLASS = Pattern
			.compile("public\\s+(?:final\\s+|abstract\\s+)*class\\s+([A-Za-z_][A-Za-z0-9_]*)");
	private static final Pattern PACKAGE_LINE = Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;\\s*$");

	private Replies() {
	}

	/** The proposal's {@code idea} in one line, else the reply's first line. */
	static String idea(String reply) {
		JsonObject json = object(reply);
		String idea = json != null && json.has("idea") && json.get("idea").isJsonPrimitive()
				? json.get("idea").getAsString()
				: reply.strip().lines().findFirst().orElse("");
		return oneLine(idea, IDEA_LENGTH);
	}

	/** {@code analysis; next: ...} from the analysis reply's JSON, else the reply in one line. */
	static String analysis(String reply) {
		JsonObject json = object(reply);
		if (json == null) {
			return oneLine(reply, 1000);
		}
		String analysis = text(json, "analysis");
		String next = text(json, "next");
		return oneLine(analysis + (next.isEmpty() ? "" : (analysis.isEmpty() ? "" : "; ") + "next: " + next), 1000);
	}

	/**
	 * The source of a code reply: its first fenced block (else the whole reply), without a package
	 * line, with its public class renamed to {@code className} when the model named it otherwise.
	 */
	static String source(String reply, String className) {
		Matcher fenced = FENCED.matcher(reply);
		String source = fenced.find() ? fenced.group(1) : reply;
		source = PACKAGE_LINE.matcher(source).replaceAll("");
		Matcher declared = PUBLIC_CLASS.matcher(source);
		if (declared.find() && !declared.group(1).equals(className)) {
			source = source.replaceAll("\\b" + Pattern.quote(declared.group(1)) + "\\b", Matcher.quoteReplacement(className));
		}
		return source.strip() + "\n";
	}

	private static JsonObject object(String reply) {
		String text = reply.strip();
		int start = text.indexOf('{');
		int end = text.lastIndexOf('}');
		if (start < 0 || end <= start) {
			return null;
		}
		try {
			JsonElement parsed = JsonParser.parseString(text.substring(start, end + 1));
			return parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
		} catch (JsonParseException | IllegalStateException notJson) {
			return null;
		}
	}

	private static String text(JsonObject json, String key) {
		JsonElement value = json.get(key);
		if (value == null || value.isJsonNull()) {
			return "";
		}
		return value.isJsonPrimitive() ? value.getAsString() : value.toString();
	}

	private static String oneLine(String text, int max) {
		String line = String.join(" ", text.strip().split("\\s+"));
		return line.length() <= max ? line : line.substring(0, max - 1) + "…";
	}
}
