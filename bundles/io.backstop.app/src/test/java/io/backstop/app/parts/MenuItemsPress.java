package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;

/** Finds menu items by their label as a person reads it (mnemonics aside) and presses them. */
final class MenuItemsPress {

	private MenuItemsPress() {
	}

	/** Shows a control's context menu and presses the enabled item labelled {@code label}. */
	static void press(Control control, String label) {
		Menu menu = control.getMenu();
		menu.notifyListeners(SWT.Show, null);
		MenuItem item = item(menu, label);
		assertTrue(item.isEnabled(), label + " is enabled");
		item.notifyListeners(SWT.Selection, null);
	}

	static MenuItem item(Menu menu, String label) {
		for (MenuItem item : menu.getItems()) {
			if (item.getText().replace("&", "").equals(label)) {
				return item;
			}
		}
		throw new AssertionError("no menu item " + label);
	}
}
