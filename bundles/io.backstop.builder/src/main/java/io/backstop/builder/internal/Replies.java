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
			source = rename(source, declared.group(1), className);
		}
		return source.strip() + "\n";
	}

	/**
	 * {@code source} with the identifier {@code from} renamed {@code to} wherever it stands as a whole
	 * word outside string and character literals (a display name that happens to equal the class name
	 * stays as written).
	 */
	static String rename(String source, String from, String to) {
		Pattern word = Pattern.compile("\\b" + Pattern.quote(from) + "\\b");
		StringBuilder renamed = new StringBuilder(source.length());
		int code = 0;
		int i = 0;
		while (i < source.length()) {
			char c = source.charAt(i);
			if (source.startsWith("//", i) || source.startsWith("/*", i)) {
				// a quote in a comment opens no literal; the comment's words are renamed like code
				int end = source.startsWith("//", i) ? source.indexOf('\n', i) : source.indexOf("*/", i + 2);
				i = end < 0 ? source.length() : end + (source.startsWith("//", i) ? 1 : 2);
			} else if (c == '"' || c == '\'') {
				renamed.append(word.matcher(source.substring(code, i)).replaceAll(Matcher.quoteReplacement(to)));
				int end = literalEnd(source, i);
				renamed.append(source, i, end);
				code = end;
				i = end;
			} else {
				i++;
			}
		}
		renamed.append(word.matcher(source.substring(code)).replaceAll(Matcher.quoteReplacement(to)));
		return renamed.toString();
	}

	/** The index after the string, text block or character literal that starts at {@code start}. */
	static int literalEnd(String source, int start) {
		String delimiter = source.startsWith("\"\"\"", start) ? "\"\"\"" : String.valueOf(source.charAt(start));
		int i = start + delimiter.length();
		while (i < source.length()) {
			if (source.charAt(i) == '\\') {
				i += 2;
			} else if (source.startsWith(delimiter, i)) {
				return i + delimiter.length();
			} else {
				i++;
			}
		}
		return source.length();
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
