package io.backstop.app.parts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.Bullet;
import org.eclipse.swt.custom.LineStyleEvent;
import org.eclipse.swt.custom.ST;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GlyphMetrics;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;

import io.backstop.app.model.EditHistory;
import io.backstop.app.model.JavaSyntax;
import io.backstop.app.model.SourcePosition;
import io.backstop.app.model.StrategyEditorInbox;
import io.backstop.strategies.workspace.CompileProblem;
import io.backstop.strategies.workspace.StrategyWorkspace;
import io.backstop.strategies.workspace.WorkspaceStrategy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The strategy editor: a strategy source with line numbers, Java colouring, undo (Ctrl+Z) and redo
 * (Ctrl+Y, Ctrl+Shift+Z); Ctrl+S saves and compiles it through the workspace strategies service.
 * The compile's problems are listed below as {@code file:line:column: message}; choosing one puts
 * the caret there.
 */
public class StrategyEditorPart {

	@Inject
	private StrategyWorkspace workspace;

	@Inject
	private StrategyEditorInbox inbox;

	@Inject
	private UISynchronize sync;

	private Composite root;
	private Label title;
	private StyledText text;
	private org.eclipse.swt.widgets.List problemList;
	private Label status;
	private Color keyword;
	private Color comment;
	private Color string;
	private Color lineNumber;
	private final EditHistory history = new EditHistory();
	private List<JavaSyntax.Token> tokens = List.of();
	private List<CompileProblem> problems = List.of();
	private boolean applyingHistory;
	private int charWidth;
	private Path file;
	private Runnable stopListening;

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(1, false));
		keyword = new Color(127, 0, 85);
		comment = new Color(63, 127, 95);
		string = new Color(42, 0, 255);
		lineNumber = new Color(120, 120, 120);

		title = new Label(root, SWT.NONE);
		title.setData("id", "editor.file");
		title.setText("Open a strategy from the Strategies view");
		title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

		SashForm split = new SashForm(root, SWT.VERTICAL);
		split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		text = new StyledText(split, SWT.MULTI | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
		text.setData("id", "editor.text");
		text.setFont(JFaceResources.getTextFont());
		text.setTabs(4);
		org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(text);
		charWidth = Math.max(1, (int) Math.ceil(gc.getFontMetrics().getAverageCharacterWidth()));
		gc.dispose();
		text.setEditable(false);
		text.addLineStyleListener(this::styleLine);
		text.addExtendedModifyListener(e -> {
			if (!applyingHistory) {
				history.record(new EditHistory.Change(e.start, e.replacedText, text.getTextRange(e.start, e.length)));
			}
			tokens = JavaSyntax.tokens(text.getText());
			// line numbers below the change move
			text.redraw();
		});
		text.addListener(SWT.KeyDown, this::keyPressed);

		problemList = new org.eclipse.swt.widgets.List(split, SWT.BORDER | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
		problemList.setData("id", "editor.problems");
		problemList.addListener(SWT.Selection, e -> goToProblem(problemList.getSelectionIndex()));
		split.setWeights(80, 20);

		status = new Label(root, SWT.WRAP);
		status.setData("id", "editor.status");
		status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		stopListening = inbox.listen(this::open);
	}

	/** Shows {@code source} for editing, with an empty history. */
	public void open(Path source) {
		try {
			String content = Files.readString(source, StandardCharsets.UTF_8);
			file = source;
			applyingHistory = true;
			text.setText(content);
			applyingHistory = false;
			history.clear();
			text.setEditable(true);
			title.setText(source.toString());
			showProblems(List.of());
			status.setText("Ctrl+S saves and compiles");
			root.layout();
			showLastCompile(source);
		} catch (IOException e) {
			showStatus("Cannot open " + source + ": " + e.getMessage(), true);
		}
	}

	/** The problems the last compile of {@code source} found, read off the UI thread. */
	private void showLastCompile(Path source) {
		CompletableFuture.supplyAsync(workspace::list).thenAccept(listed -> sync.asyncExec(() -> {
			if (!root.isDisposed() && source.equals(file)) {
				listed.stream().filter(s -> s.file().equals(source) && !s.registered()).findFirst()
						.ifPresent(last -> showCompiled(last, "Last compile"));
			}
		}));
	}

	private void keyPressed(Event e) {
		if ((e.stateMask & SWT.MOD1) == 0) {
			return;
		}
		boolean shift = (e.stateMask & SWT.SHIFT) != 0;
		switch (Character.toLowerCase((char) e.keyCode)) {
		case 's' -> save();
		case 'z' -> apply(shift ? history.redo() : history.undo());
		case 'y' -> apply(history.redo());
		default -> {
			return;
		}
		}
		e.doit = false;
	}

	private void apply(EditHistory.Change change) {
		if (change == null) {
			return;
		}
		applyingHistory = true;
		try {
			text.replaceTextRange(change.start(), change.removed().length(), change.inserted());
			text.setCaretOffset(change.start() + change.inserted().length());
		} finally {
			applyingHistory = false;
		}
	}

	/** Writes the file and compiles it off the UI thread; the problems or the strategy id come back here. */
	public void save() {
		if (file == null) {
			return;
		}
		Path saved = file;
		try {
			Files.writeString(saved, text.getText(), StandardCharsets.UTF_8);
		} catch (IOException e) {
			showStatus("Cannot save " + saved + ": " + e.getMessage(), true);
			return;
		}
		showStatus("Saved; compiling...", false);
		CompletableFuture.supplyAsync(() -> workspace.compile(saved.toString()))
				.whenComplete((compiled, failure) -> sync.asyncExec(() -> {
					if (root.isDisposed() || !saved.equals(file)) {
						return;
					}
					if (failure != null) {
						showStatus(failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage(), true);
					} else {
						showCompiled(compiled, "Saved");
					}
				}));
	}

	/** @param when what the status names the compile by: "Saved" or "Last compile" */
	private void showCompiled(WorkspaceStrategy compiled, String when) {
		showProblems(compiled.problems());
		if (compiled.registered()) {
			showStatus(when + " and compiled: strategy " + compiled.strategyId().orElseThrow()
					+ " is ready in the Run view", false);
		} else {
			int n = compiled.problems().size();
			showStatus(when + "; " + n + (n == 1 ? " error" : " errors") + ": the strategy is not registered", true);
		}
	}

	private void showProblems(List<CompileProblem> found) {
		problems = List.copyOf(found);
		problemList.removeAll();
		found.forEach(p -> problemList.add(p.toString()));
	}

	/** Puts the caret on problem {@code index}'s line and column. */
	public void goToProblem(int index) {
		if (index < 0 || index >= problems.size()) {
			return;
		}
		CompileProblem p = problems.get(index);
		text.setCaretOffset(SourcePosition.offset(text.getText(), p.line(), p.column()));
		text.showSelection();
		text.setFocus();
	}

	private void styleLine(LineStyleEvent e) {
		int line = text.getLineAtOffset(e.lineOffset);
		StyleRange numberStyle = new StyleRange();
		numberStyle.foreground = lineNumber;
		numberStyle.metrics = new GlyphMetrics(0, 0, gutterWidth());
		e.bullet = new Bullet(ST.BULLET_NUMBER, numberStyle);
		e.bulletIndex = line;
		int lineEnd = e.lineOffset + e.lineText.length();
		List<StyleRange> styles = new ArrayList<>();
		for (JavaSyntax.Token t : tokens) {
			if (t.end() <= e.lineOffset) {
				continue;
			}
			if (t.start() >= lineEnd) {
				break;
			}
			int start = Math.max(t.start(), e.lineOffset);
			StyleRange style = new StyleRange(start, Math.min(t.end(), lineEnd) - start, colour(t.kind()), null);
			if (t.kind() == JavaSyntax.Kind.KEYWORD) {
				style.fontStyle = SWT.BOLD;
			}
			styles.add(style);
		}
		e.styles = styles.toArray(StyleRange[]::new);
	}

	private Color colour(JavaSyntax.Kind kind) {
		return switch (kind) {
		case KEYWORD -> keyword;
		case COMMENT -> comment;
		case STRING -> string;
		};
	}

	/** Wide enough for the largest line number and two spaces. */
	private int gutterWidth() {
		int digits = Integer.toString(Math.max(1, text.getLineCount())).length();
		return (digits + 2) * charWidth;
	}

	private void showStatus(String message, boolean problem) {
		status.setForeground(problem ? root.getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null);
		status.setText(message);
		root.layout();
	}

	/** For tests: the text, the problems as listed, the status line, the caret's 1-based line. */
	String content() {
		return text.getText();
	}

	List<String> problemLines() {
		return List.of(problemList.getItems());
	}

	String statusText() {
		return status.getText();
	}

	int caretLine() {
		return text.getLineAtOffset(text.getCaretOffset()) + 1;
	}

	@PreDestroy
	void dispose() {
		stopListening.run();
		keyword.dispose();
		comment.dispose();
		string.dispose();
		lineNumber.dispose();
	}
}
