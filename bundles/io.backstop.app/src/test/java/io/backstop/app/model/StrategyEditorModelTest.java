package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.app.model.JavaSyntax.Kind;
import io.backstop.app.model.JavaSyntax.Token;

/** The strategy editor's colouring, undo and redo, and where a compile problem puts the caret. */
class StrategyEditorModelTest {

	private static List<String> coloured(String source, Kind kind) {
		return JavaSyntax.tokens(source).stream().filter(t -> t.kind() == kind)
				.map(t -> source.substring(t.start(), t.end())).toList();
	}

	@Test
	void keywordsCommentsAndStringsAreFoundAndNothingInsideACommentOrStringIsAKeyword() {
		String source = """
				public final class X extends RulesStrategy { // a class
					/* block
					   int not a keyword */
					String s = "if \\" else"; char c = '\\'';
					int returned = 1; return;
				}
				""";
		assertEquals(List.of("public", "final", "class", "extends", "char", "int", "return"), coloured(source, Kind.KEYWORD));
		assertEquals(List.of("// a class", "/* block\n\t   int not a keyword */"), coloured(source, Kind.COMMENT));
		assertEquals(List.of("\"if \\\" else\"", "'\\''"), coloured(source, Kind.STRING));
		List<Token> tokens = JavaSyntax.tokens(source);
		for (int i = 1; i < tokens.size(); i++) {
			assertTrue(tokens.get(i).start() >= tokens.get(i - 1).end(), "in order, not overlapping");
		}
	}

	@Test
	void anUnclosedCommentOrStringEndsWhereItMust() {
		assertEquals(List.of("/* open"), coloured("int a; /* open", Kind.COMMENT));
		assertEquals(List.of("\"open"), coloured("s = \"open\nint b;", Kind.STRING));
		assertEquals(List.of("int"), coloured("s = \"open\nint b;", Kind.KEYWORD));
	}

	@Test
	void undoRevertsAndRedoReappliesAndANewChangeClearsRedo() {
		EditHistory history = new EditHistory();
		String text = "int a = 1;";
		EditHistory.Change typed = new EditHistory.Change(8, "1", "42");
		text = EditHistory.apply(text, typed);
		history.record(typed);
		assertEquals("int a = 42;", text);

		text = EditHistory.apply(text, history.undo());
		assertEquals("int a = 1;", text);
		assertFalse(history.canUndo());
		text = EditHistory.apply(text, history.redo());
		assertEquals("int a = 42;", text);

		history.undo();
		history.record(new EditHistory.Change(0, "", "final "));
		assertFalse(history.canRedo(), "a new change clears redo");
		assertNull(history.redo());
	}

	@Test
	void aProblemsLineAndColumnPutTheCaretThereCountingTabsAsTheCompilerDoes() {
		String text = "class A {\n\tint x = 1\n}\n";
		// javac: line 2, column 18 is just after "1" (the tab counts to column 9)
		assertEquals(text.indexOf("1\n") + 1, SourcePosition.offset(text, 2, 18));
		assertEquals(text.indexOf("int"), SourcePosition.offset(text, 2, 9));
		assertEquals(0, SourcePosition.offset(text, 0, 0), "a problem of the whole file");
		assertEquals(text.indexOf("}") + 1, SourcePosition.offset(text, 3, 50), "clamped to its line's end");
		assertEquals(text.length(), SourcePosition.offset(text, 99, 1));
	}
}
