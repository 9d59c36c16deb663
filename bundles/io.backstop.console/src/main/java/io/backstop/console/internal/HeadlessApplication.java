package io.backstop.console.internal;

import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.service.command.CommandSessionListener;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * Backstop without a window: the OSGi console on the terminal drives everything. The application
 * lives until the console's {@code close} (or {@code exit}) shuts the framework down, or until
 * the console's input ends (a script piped in has been read, Ctrl+D on a terminal): then it shuts
 * the framework down itself, so {@code printf 'estop\n' | ./backstop --headless} exits with status 0.
 * Another terminal reaches it through the workspace's control socket ({@code ./backstop --attach},
 * {@code ./backstop --estop}), never through a network port.
 */
public class HeadlessApplication implements IApplication {

	private static final Logger LOG = Logger.getLogger(HeadlessApplication.class.getName());

	private final CountDownLatch stopped = new CountDownLatch(1);

	@Override
	public Object start(IApplicationContext context) throws Exception {
		BundleContext bundleContext = FrameworkUtil.getBundle(HeadlessApplication.class).getBundleContext();
		context.applicationRunning();
		System.out.println("Backstop headless: type 'help' for commands, 'estop' to stop all work, 'close' to quit"
				+ " (or end the input)");
		try (AutoCloseable watch = watchInput(bundleContext)) {
			stopped.await();
		}
		return IApplication.EXIT_OK;
	}

	/**
	 * Shuts down when the console's input ends, through the watcher registered since the bundle
	 * started; without Declarative Services, through one registered now.
	 */
	private AutoCloseable watchInput(BundleContext bundleContext) {
		ServiceReference<StandardInputShellWatcher> reference = bundleContext
				.getServiceReference(StandardInputShellWatcher.class);
		StandardInputShellWatcher registered = reference == null ? null : bundleContext.getService(reference);
		StandardInputShellWatcher watcher = registered != null ? registered : new StandardInputShellWatcher();
		ServiceRegistration<CommandSessionListener> own = registered != null ? null
				: bundleContext.registerService(CommandSessionListener.class, watcher, null);
		AutoCloseable action = watcher.whenEnded(() -> inputEnded(bundleContext));
		return () -> {
			action.close();
			try {
				if (own != null) {
					own.unregister();
				} else {
					bundleContext.ungetService(reference);
				}
			} catch (IllegalStateException e) {
				// already gone with the framework
			}
		};
	}

	@Override
	public void stop() {
		stopped.countDown();
	}

	/**
	 * Shuts the framework down as the console's {@code close} does: the system bundle stops (on a
	 * thread of its own), which stops this application, so the process ends with status 0 even when
	 * the framework was told to outlive the application ({@code osgi.noShutdown}).
	 */
	private void inputEnded(BundleContext bundleContext) {
		System.out.println("Backstop headless: end of console input, shutting down");
		System.out.flush();
		try {
			Bundle system = bundleContext.getBundle(0);
			if (system != null && (system.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
				system.stop();
				return;
			}
		} catch (BundleException | IllegalStateException e) {
			LOG.log(Level.WARNING, "the framework could not be stopped after the console input ended", e);
		}
		stopped.countDown();
	}
}
