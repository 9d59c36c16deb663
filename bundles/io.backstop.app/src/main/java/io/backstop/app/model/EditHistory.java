package io.backstop.app.model;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Undo and redo for a text editor: each change as the editor reports it (where, what it replaced,
 * what it put there); undoing one gives the change that reverts it. A new change clears what could
 * be redone.
 */
public final class EditHistory {

	/** Replace {@code removed} at {@code start} with {@code inserted}. */
	public record Change(int start, String removed, String inserted) {
		/** The change that reverts this one. */
		Change inverse() {
			return new Change(start, inserted, removed);
		}
	}

	private static final int LIMIT = 1_000;

	private final Deque<Change> undo = new ArrayDeque<>();
	private final Deque<Change> redo = new ArrayDeque<>();

	/** Records a change the user made. */
	public void record(Change change) {
		undo.push(change);
		if (undo.size() > LIMIT) {
			undo.removeLast();
		}
		redo.clear();
	}

	public boolean canUndo() {
		return !undo.isEmpty();
	}

	public boolean canRedo() {
		return !redo.isEmpty();
	}

	/** The change to apply to undo the last one; null when there is none. */
	public Change undo() {
		if (undo.isEmpty()) {
			return null;
		}
		Change last = undo.pop();
		redo.push(last);
		return last.inverse();
	}

	/** The change to apply to redo the last undone one; null when there is none. */
	public Change redo() {
		if (redo.isEmpty()) {
			return null;
		}
		Change next = redo.pop();
		undo.push(next);
		return next;
	}

	/** Forgets everything, for a newly opened file. */
	public void clear() {
		undo.clear();
		redo.clear();
	}

	/** {@code text} with {@code change} applied. */
	public static String apply(String text, Change change) {
		return text.substring(0, change.start()) + change.inserted()
				+ text.substring(change.start() + change.removed().length());
	}
}
