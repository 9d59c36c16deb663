package io.backstop.app.dialogs;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

import io.backstop.app.model.AppPreferences;
import jakarta.inject.Inject;

/** File &gt; Preferences: only settings that take effect. */
public class PreferencesDialog extends Dialog {

	private Button automaticStop;

	@Inject
	public PreferencesDialog(Shell parent) {
		super(parent);
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Backstop Preferences");
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		Group memory = new Group(area, SWT.NONE);
		memory.setText("Memory");
		memory.setLayout(new GridLayout(1, false));
		memory.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		automaticStop = new Button(memory, SWT.CHECK);
		automaticStop.setText("Run the emergency stop automatically when memory turns critical");
		automaticStop.setSelection(AppPreferences.automaticStop());
		Label note = new Label(area, SWT.WRAP);
		note.setText("Settings are kept in the workspace and applied at once.");
		return area;
	}

	@Override
	protected void okPressed() {
		AppPreferences.putBoolean(AppPreferences.AUTOMATIC_STOP, automaticStop.getSelection());
		AppPreferences.flush();
		super.okPressed();
	}
}
