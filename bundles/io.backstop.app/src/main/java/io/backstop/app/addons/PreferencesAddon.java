package io.backstop.app.addons;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.e4.core.contexts.IEclipseContext;

import io.backstop.app.model.AppPreferences;
import jakarta.annotation.PostConstruct;

/**
 * Puts the workbench's own preferences ({@link AppPreferences}) into the application's context,
 * before the addons and parts that inject them are created.
 */
public class PreferencesAddon {

	@PostConstruct
	void start(IEclipseContext application) {
		application.set(AppPreferences.class, new AppPreferences(InstanceScope.INSTANCE.getNode(AppPreferences.NODE)));
	}
}
