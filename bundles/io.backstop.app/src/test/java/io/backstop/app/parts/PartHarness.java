package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Assumptions;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.app.model.AppPreferences;
import io.backstop.app.model.RunForms;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.Stoppable;
import io.backstop.run.RunService;

/**
 * Real parts in real shells under the X display, injected from the OSGi service registry
 * as the workbench injects them (without SWTBot: the tests read and press the widgets).
 */
public final class PartHarness implements AutoCloseable {

	public final Display display;
	public final BundleContext bundleContext;
	public final IEclipseContext context;
	public final EmergencyStop emergencyStop;
	/** The run service DS registered, with no result rows left by an earlier test. */
	public final RunService runs;
	private final List<Shell> shells = new ArrayList<>();
	private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
	private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

	public PartHarness() throws InterruptedException {
		Assumptions.assumeTrue(System.getenv("DISPLAY") != null, "no DISPLAY: run the tests under xvfb-run");
		display = Display.getDefault();
		bundleContext = FrameworkUtil.getBundle(PartHarness.class).getBundleContext();
		ServiceTracker<EmergencyStop, EmergencyStop> tracker = new ServiceTracker<>(bundleContext, EmergencyStop.class, null);
		tracker.open();
		emergencyStop = tracker.waitForService(10_000);
		assertNotNull(emergencyStop, "the coordinator was not registered by DS");
		ServiceTracker<RunService, RunService> runTracker = new ServiceTracker<>(bundleContext, RunService.class, null);
		runTracker.open();
		runs = runTracker.waitForService(10_000);
		assertNotNull(runs, "the run service was not registered by DS");
		runs.clearResults();
		forgetTypedRunForms();
		context = EclipseContextFactory.getServiceContext(bundleContext).createChild("ui-test");
		context.set(UISynchronize.class, new UISynchronize() {
			@Override
			public void syncExec(Runnable runnable) {
				display.syncExec(runnable);
			}

			@Override
			public void asyncExec(Runnable runnable) {
				display.asyncExec(runnable);
			}

			@Override
			protected boolean isUIThread(Thread thread) {
				return display.getThread() == thread;
			}

			@Override
			protected void showBusyWhile(Runnable runnable) {
				runnable.run();
			}

			@Override
			protected boolean dispatchEvents() {
				return display.readAndDispatch();
			}
		});
		// as E4Application does: the @UIEventTopic supplier takes its UISynchronize from here
		ContextInjectionFactory.setDefault(context);
	}

	/** Creates a part in a shell of its own, injected like the workbench does. */
	public <T> T part(Class<T> type, String title, int width, int height) {
		Shell shell = new Shell(display);
		shell.setText(title);
		shell.setLayout(new FillLayout());
		shell.setSize(width, height);
		shells.add(shell);
		IEclipseContext partContext = context.createChild(title);
		partContext.set(Composite.class, shell);
		T part = ContextInjectionFactory.make(type, partContext);
		shell.open();
		flush();
		return part;
	}

	/** Registers a Stoppable from this test bundle. */
	void register(Stoppable step, int order, long timeoutMillis) {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(Stoppable.ORDER, order);
		if (timeoutMillis > 0) {
			properties.put(Stoppable.TIMEOUT_MS, timeoutMillis);
		}
		registrations.add(bundleContext.registerService(Stoppable.class, step, properties));
	}

	/** Registers any service from this test bundle, unregistered on close. */
	public <S> void registerService(Class<S> type, S service, int ranking) {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(org.osgi.framework.Constants.SERVICE_RANKING, ranking);
		registrations.add(bundleContext.registerService(type, service, properties));
	}

	/** Each test's Run view opens as on a first start: what an earlier test typed there is not recalled. */
	private static void forgetTypedRunForms() {
		Preferences node = InstanceScope.INSTANCE.getNode(AppPreferences.NODE);
		try {
			for (String key : node.keys()) {
				if (key.startsWith(RunForms.PREFIX)) {
					node.remove(key);
				}
			}
		} catch (BackingStoreException e) {
			throw new IllegalStateException("the Run view's preferences cannot be read: " + e.getMessage(), e);
		}
	}

	/** The configuration admin, its bundle started as the product starts it (the test runtime leaves it resolved). */
	public ConfigurationAdmin configurationAdmin() throws Exception {
		for (Bundle bundle : bundleContext.getBundles()) {
			if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
				bundle.start();
			}
		}
		ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> admin = new ServiceTracker<>(bundleContext,
				ConfigurationAdmin.class, null);
		admin.open();
		trackers.add(admin);
		ConfigurationAdmin found = admin.waitForService(10_000);
		assertNotNull(found, "the configuration admin was not registered");
		return found;
	}

	public void flush() {
		while (display.readAndDispatch()) {
			// run what is queued
		}
	}

	/** Runs the event loop until {@code condition} holds; fails after {@code timeout}. */
	public void await(BooleanSupplier condition, Duration timeout, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
			}
			if (!display.readAndDispatch()) {
				display.timerExec(20, () -> {
				});
				display.sleep();
			}
		}
		flush();
	}

	@Override
	public void close() {
		trackers.forEach(ServiceTracker::close);
		for (ServiceRegistration<?> registration : registrations) {
			try {
				registration.unregister();
			} catch (IllegalStateException gone) {
				// already unregistered
			}
		}
		if (!emergencyStop.isStopping()) {
			emergencyStop.reset();
		}
		shells.forEach(Shell::dispose);
		context.dispose();
		flush();
	}
}
