package io.backstop.app.addons;

import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Item;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Says where a control of the window is on the screen, found by its id ({@code setData("id", ...)}),
 * its application model id, or its label, so that scripts and the product's tests can press
 * what a person would press wherever the window manager and fonts put it. The console command
 * {@code ui:locate <id or label>} answers "x y" (the control's centre, in screen pixels) or
 * "not found: ...". Registered while the workbench runs.
 */
public class ControlLocator {

	/** The application model element an e4 renderer keeps on its widget. */
	private static final String MODEL_ELEMENT = "modelElement";

	@Inject
	private UISynchronize sync;

	private ServiceRegistration<ControlLocator> registration;

	@PostConstruct
	void register() {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put("osgi.command.scope", "ui");
		properties.put("osgi.command.function", new String[] { "locate" });
		registration = FrameworkUtil.getBundle(ControlLocator.class).getBundleContext()
				.registerService(ControlLocator.class, this, properties);
	}

	@PreDestroy
	void unregister() {
		if (registration != null) {
			registration.unregister();
			registration = null;
		}
	}

	/** The centre of the first visible control or item that {@code key} names, as "x y" on the screen. */
	public String locate(String key) {
		AtomicReference<Rectangle> found = new AtomicReference<>();
		sync.syncExec(() -> {
			for (Shell shell : Display.getCurrent().getShells()) {
				if (found.get() == null && shell.isVisible()) {
					found.set(search(shell, key));
				}
			}
		});
		Rectangle bounds = found.get();
		return bounds == null ? "not found: " + key : (bounds.x + bounds.width / 2) + " " + (bounds.y + bounds.height / 2);
	}

	/** The screen bounds of what {@code key} names under {@code control}, scrolled into view, or null. */
	private static Rectangle search(Control control, String key) {
		if (!control.isVisible()) {
			return null;
		}
		if (names(control, key)) {
			for (Composite parent = control.getParent(); parent != null; parent = parent.getParent()) {
				if (parent instanceof ScrolledComposite scrolled) {
					scrolled.showControl(control);
				}
			}
			Point origin = control.toDisplay(0, 0);
			return new Rectangle(origin.x, origin.y, control.getSize().x, control.getSize().y);
		}
		if (control instanceof ToolBar bar) {
			for (ToolItem item : bar.getItems()) {
				if (names(item, key) || key.equals(item.getToolTipText())) {
					return onScreen(bar, item.getBounds());
				}
			}
		}
		if (control instanceof CTabFolder folder) {
			for (CTabItem item : folder.getItems()) {
				if (names(item, key) || key.equals(item.getText())) {
					return onScreen(folder, item.getBounds());
				}
			}
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				Rectangle found = search(child, key);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static boolean names(Control control, String key) {
		if (key.equals(control.getData("id")) || modelId(control.getData(MODEL_ELEMENT), key)) {
			return true;
		}
		String label = control instanceof Button button ? button.getText()
				: control instanceof Label text ? text.getText() : null;
		return label != null && key.equals(label.replace("&", ""));
	}

	private static boolean names(Item item, String key) {
		return modelId(item.getData(MODEL_ELEMENT), key) || key.equals(item.getText().replace("&", ""));
	}

	private static boolean modelId(Object element, String key) {
		return element instanceof MUIElement e && key.equals(e.getElementId());
	}

	/** An item's {@code bounds}, in its {@code owner}'s coordinates, on the screen. */
	private static Rectangle onScreen(Control owner, Rectangle bounds) {
		Point origin = owner.toDisplay(bounds.x, bounds.y);
		return new Rectangle(origin.x, origin.y, bounds.width, bounds.height);
	}
}
