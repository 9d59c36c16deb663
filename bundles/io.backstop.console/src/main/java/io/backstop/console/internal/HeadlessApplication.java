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
import org.osgi.framework.ServiceRegistration;

/**
 * Backstop without a window: the OSGi console on the terminal drives everything. The application
 * lives until the console's {@code close} (or {@code exit}) shuts the framework down, or until
 * the console's input ends (a script piped in has been read, Ctrl+D on a terminal): then it shuts
 * the framework down itself, so {@code printf 'estop\n' | ./backstop --headless} exits with status 0.
 */
public class HeadlessApplication implements IApplication {

	private static final Logger LOG = Logger.getLogger(HeadlessApplication.class.getName());

	private final CountDownLatch stopped = new CountDownLatch(1);
	private volatile boolean inputEnded;

	@Override
	public Object start(IApplicationContext context) throws Exception {
		BundleContext bundleContext = FrameworkUtil.getBundle(HeadlessApplication.class).getBundleContext();
		ServiceRegistration<CommandSessionListener> watcher = bundleContext.registerService(CommandSessionListener.class,
				new StandardInputShellWatcher(this::inputEnded), null);
		context.applicationRunning();
		System.out.println("Backstop headless: type 'help' for commands, 'estop' to stop all work, 'close' to quit"
				+ " (or end the input)");
		try {
			stopped.await();
		} finally {
			try {
				watcher.unregister();
			} catch (IllegalStateException e) {
				// already gone with the framework
			}
		}
		if (inputEnded) {
			shutDownFramework(bundleContext);
		}
		return IApplication.EXIT_OK;
	}

	@Override
	public void stop() {
		stopped.countDown();
	}

	private void inputEnded() {
		inputEnded = true;
		System.out.println("Backstop headless: end of console input, shutting down");
		System.out.flush();
		stopped.countDown();
	}

	/**
	 * Stops the system bundle, as the console's {@code close} does, so the process ends even when
	 * the framework was told to outlive the application ({@code osgi.noShutdown}).
	 */
	private static void shutDownFramework(BundleContext bundleContext) {
		try {
			Bundle system = bundleContext.getBundle(0);
			if (system != null && (system.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
				system.stop();
			}
		} catch (BundleException | IllegalStateException e) {
			LOG.log(Level.WARNING, "the framework could not be stopped after the console input ended", e);
		}
	}
}
