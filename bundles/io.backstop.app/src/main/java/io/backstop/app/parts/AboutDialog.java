package io.backstop.app.parts;

import java.util.Arrays;
import java.util.Comparator;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Help &gt; About: the installed Backstop bundles with their versions and states. */
public class AboutDialog extends Dialog {

	private final BundleContext bundleContext;

	public AboutDialog(Shell parent, BundleContext bundleContext) {
		super(parent);
		this.bundleContext = bundleContext;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("About Backstop");
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		area.setLayout(new GridLayout(1, false));
		Label title = new Label(area, SWT.WRAP);
		title.setText("Backstop: a backtesting IDE with an emergency stop\nJava " + System.getProperty("java.version")
				+ " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		Table table = new Table(area, SWT.BORDER | SWT.FULL_SELECTION);
		table.setHeaderVisible(true);
		GridData layout = new GridData(SWT.FILL, SWT.FILL, true, true);
		layout.heightHint = 300;
		layout.widthHint = 560;
		table.setLayoutData(layout);
		for (String name : new String[] { "Bundle", "Version", "State" }) {
			new TableColumn(table, SWT.LEFT).setText(name);
		}
		Arrays.stream(bundleContext.getBundles()).filter(b -> b.getSymbolicName() != null)
				.filter(b -> b.getSymbolicName().startsWith("io.backstop."))
				.sorted(Comparator.comparing(Bundle::getSymbolicName)).forEach(bundle -> {
					TableItem item = new TableItem(table, SWT.NONE);
					item.setText(new String[] { bundle.getSymbolicName(), bundle.getVersion().toString(),
							BundleStates.name(bundle.getState()) });
				});
		for (TableColumn column : table.getColumns()) {
			column.pack();
		}
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, IDialogConstants.OK_LABEL, true);
	}
}
