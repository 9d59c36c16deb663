package io.backstop.app.handlers;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;

import io.backstop.app.dialogs.PreferencesDialog;
import jakarta.inject.Named;

/** File &gt; Preferences. */
public class PreferencesHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, IEclipseContext context) {
		IEclipseContext child = context.createChild("preferences");
		child.set(Shell.class, shell);
		try {
			ContextInjectionFactory.make(PreferencesDialog.class, child).open();
		} finally {
			child.dispose();
		}
	}
}
