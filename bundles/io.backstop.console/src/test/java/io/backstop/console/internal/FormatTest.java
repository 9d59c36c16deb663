package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The console's text helpers: tables, argument splitting, and the end-of-input watcher's match. */
class FormatTest {

	@Test
	void tableAlignsColumnsAndLeavesNoTrailingSpace() {
		String text = TextTable.of(">n", "name", "note").row(1, "a", "").row(100, "longer name", "x y").render();
		assertEquals("""
				  n  name         note
				  1  a
				100  longer name  x y
				""", text);
		assertEquals("a  b\nc  d e\n", TextTable.of("a", "b").row("c", "d\ne").render());
		assertThrows(IllegalArgumentException.class, () -> TextTable.of("a", "b").row("only one"));
	}

	@Test
	void argumentsSplitFlagsValuesAndPositionals() throws Exception {
		Arguments a = Arguments.parse(new String[] { "x", "--json", "--workers", "4", "--objective=sharpe", "-5", "--", "--y" },
				Set.of("--json"), Set.of("--workers", "--objective"));
		assertTrue(a.has("--json"));
		assertEquals(4, a.intValue("--workers", 0, 0, 64));
		assertEquals("sharpe", a.value("--objective").orElseThrow());
		assertEquals(java.util.List.of("x", "-5", "--y"), a.positionals());
		assertEquals(1.5, Arguments.parse(new String[] { "--every", "1.5" }, Set.of(), Set.of("--every"))
				.doubleValue("--every", 1, 0.1, 60));
		UsageException e = assertThrows(UsageException.class,
				() -> Arguments.parse(new String[] { "--workers", "many" }, Set.of(), Set.of("--workers")).intValue("--workers", 0, 0, 64));
		assertEquals("--workers: 'many' is not a whole number", e.getMessage());
		e = assertThrows(UsageException.class,
				() -> Arguments.parse(new String[] { "--every", "0" }, Set.of(), Set.of("--every")).doubleValue("--every", 1, 0.1, 60));
		assertEquals("--every must be between 0.1 and 60, got 0", e.getMessage());
		assertTrue(Arguments.parse(null, Set.of(), Set.of()).positionals().isEmpty());
	}

	@Test
	void theWatcherMatchesOnlyTheLoginShellOnStandardInput() {
		assertTrue(StandardInputShellWatcher.isLoginShell("gosh --login --noshutdown"));
		assertTrue(StandardInputShellWatcher.isLoginShell("gosh --login "));
		assertFalse(StandardInputShellWatcher.isLoginShell("gosh script.gosh"));
		assertFalse(StandardInputShellWatcher.isLoginShell("estop"));
		assertFalse(StandardInputShellWatcher.isLoginShell(null));
		assertTrue(StandardInputShellWatcher.readsStandardInput(new FileInputStream(FileDescriptor.in)));
		assertTrue(StandardInputShellWatcher.readsStandardInput(System.in));
		assertFalse(StandardInputShellWatcher.readsStandardInput(InputStream.nullInputStream()));
	}

	@Test
	void theWatcherRemembersAnEndThatCameBeforeAnyoneAsked() throws Exception {
		StandardInputShellWatcher watcher = new StandardInputShellWatcher();
		java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
		AutoCloseable withdrawn = watcher.whenEnded(runs::incrementAndGet);
		withdrawn.close();
		TestSession other = new TestSession(); // its keyboard is not standard input
		watcher.afterExecute(other, "gosh --login --noshutdown", (Object) null);
		assertFalse(watcher.hasEnded());
		watcher.inputEnded();
		assertEquals(0, runs.get(), "a withdrawn action does not run");
		assertTrue(watcher.hasEnded());
		watcher.whenEnded(runs::incrementAndGet);
		assertEquals(1, runs.get(), "asked after the end: runs at once");

		StandardInputShellWatcher fresh = new StandardInputShellWatcher();
		fresh.whenEnded(runs::incrementAndGet);
		fresh.inputEnded();
		fresh.inputEnded();
		assertEquals(2, runs.get(), "runs once");
	}
}
