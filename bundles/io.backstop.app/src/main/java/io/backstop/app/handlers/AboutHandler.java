package io.backstop.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.FrameworkUtil;

import io.backstop.app.parts.AboutDialog;
import jakarta.inject.Named;

import org.eclipse.e4.ui.services.IServiceConstants;

public class AboutHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell) {
		new AboutDialog(shell, FrameworkUtil.getBundle(AboutHandler.class).getBundleContext()).open();
	}
}
