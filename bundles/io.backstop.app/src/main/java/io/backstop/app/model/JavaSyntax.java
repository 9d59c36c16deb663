package io.backstop.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The parts of Java source the strategy editor colours: keywords, comments and string or char
 * literals, found by one pass over the whole text (a block comment spans lines).
 */
public final class JavaSyntax {

	/** What a token is. */
	public enum Kind {
		KEYWORD, COMMENT, STRING
	}

	/** A coloured range of the text. */
	public record Token(int start, int length, Kind kind) {
		public int end() {
			return start + length;
		}
	}

	private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
			"catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
			"finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
			"native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
			"super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
			"while", "var", "record", "yield", "true", "false", "null");

	private JavaSyntax() {
	}

	/** The tokens of {@code source}, in order, not overlapping. */
	public static List<Token> tokens(String source) {
		List<Token> tokens = new ArrayList<>();
		int n = source.length();
		int i = 0;
		while (i < n) {
			char c = source.charAt(i);
			if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
				int end = source.indexOf('\n', i);
				end = end < 0 ? n : end;
				tokens.add(new Token(i, end - i, Kind.COMMENT));
				i = end;
			} else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
				int close = source.indexOf("*/", i + 2);
				int end = close < 0 ? n : close + 2;
				tokens.add(new Token(i, end - i, Kind.COMMENT));
				i = end;
			} else if (c == '"' || c == '\'') {
				int end = literalEnd(source, i, c);
				tokens.add(new Token(i, end - i, Kind.STRING));
				i = end;
			} else if (Character.isJavaIdentifierStart(c)) {
				int end = i + 1;
				while (end < n && Character.isJavaIdentifierPart(source.charAt(end))) {
					end++;
				}
				if (KEYWORDS.contains(source.substring(i, end))) {
					tokens.add(new Token(i, end - i, Kind.KEYWORD));
				}
				i = end;
			} else {
				i++;
			}
		}
		return tokens;
	}

	/** Just after the literal opened by {@code quote} at {@code start}: its closing quote, or the line's end. */
	private static int literalEnd(String source, int start, char quote) {
		if (quote == '"' && source.startsWith("\"\"\"", start)) {
			int close = source.indexOf("\"\"\"", start + 3);
			return close < 0 ? source.length() : close + 3;
		}
		int i = start + 1;
		while (i < source.length()) {
			char c = source.charAt(i);
			if (c == '\\') {
				i += 2;
			} else if (c == quote) {
				return i + 1;
			} else if (c == '\n') {
				return i;
			} else {
				i++;
			}
		}
		return source.length();
	}
}
