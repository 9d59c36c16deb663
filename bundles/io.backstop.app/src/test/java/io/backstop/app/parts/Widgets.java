package io.backstop.app.parts;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;

/** Finds the controls of a view by the id they carry ({@code setData("id", ...)}), as a person finds them by their label. */
final class Widgets {

	private Widgets() {
	}

	/** The control of {@code type} under {@code root} whose id is {@code id}. */
	static <T extends Control> T find(Control root, Class<T> type, String id) {
		T found = search(root, type, id);
		if (found == null) {
			throw new AssertionError("no " + type.getSimpleName() + " with id " + id);
		}
		return found;
	}

	private static <T extends Control> T search(Control control, Class<T> type, String id) {
		if (type.isInstance(control) && id.equals(control.getData("id"))) {
			return type.cast(control);
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				T found = search(child, type, id);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}
}
