package io.backstop.console.internal;

import java.util.concurrent.CountDownLatch;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * Backstop without a window: the OSGi console on the terminal drives everything, and the
 * application lives until the console's {@code close} (or {@code exit 0}) shuts the framework down.
 */
public class HeadlessApplication implements IApplication {

	private final CountDownLatch stopped = new CountDownLatch(1);

	@Override
	public Object start(IApplicationContext context) throws Exception {
		context.applicationRunning();
		System.out.println("Backstop headless: type 'help' for commands, 'estop' to stop all work, 'close' to quit");
		stopped.await();
		return IApplication.EXIT_OK;
	}

	@Override
	public void stop() {
		stopped.countDown();
	}
}
