package io.backstop.app.addons;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;

/**
 * Watches the UI thread from a daemon thread of its own: it posts a ping to the display and
 * measures how long the answer takes. When the display has not answered within the threshold
 * while work runs, it reports the stall with the UI thread's stack at that moment, and again
 * once the display answers. Deciding never waits on the display thread.
 */
final class UiWatchdog {

	/** The UI thread did not answer for {@code millis} while {@code work} ran; its stack when first seen late. */
	record Stall(long millis, List<String> work, StackTraceElement[] stack) {
	}

	/** Told from the watchdog's thread. */
	interface Listener {
		/** The display is late beyond the threshold; it may stay so. */
		void unresponsive(Stall stall);

		/** The display answered again after a reported stall; {@code millis} is the whole stall. */
		void responsive(Stall stall);
	}

	/** Between an answer and the next ping: the added delay before a stall is noticed. */
	private static final long PING_INTERVAL_MILLIS = 250;

	private final Display display;
	private final Thread uiThread;
	private final Supplier<List<String>> runningWork;
	private final LongSupplier thresholdMillis;
	private final Listener listener;
	private final Thread thread;
	private volatile boolean watching = true;

	/**
	 * @param runningWork     names of the work running now; empty when none (a slow window with
	 *                        nothing running is not reported)
	 * @param thresholdMillis read before every ping, so a changed preference applies at once
	 */
	UiWatchdog(Display display, Supplier<List<String>> runningWork, LongSupplier thresholdMillis, Listener listener) {
		this.display = display;
		this.uiThread = display.getThread();
		this.runningWork = runningWork;
		this.thresholdMillis = thresholdMillis;
		this.listener = listener;
		this.thread = new Thread(this::watch, "backstop-ui-watchdog");
		thread.setDaemon(true);
	}

	void start() {
		thread.start();
	}

	void stop() {
		watching = false;
		thread.interrupt();
	}

	private void watch() {
		try {
			while (watching) {
				if (!pingOnce()) {
					return;
				}
				Thread.sleep(PING_INTERVAL_MILLIS);
			}
		} catch (InterruptedException stopped) {
			Thread.currentThread().interrupt();
		}
	}

	/** One ping and its answer; false once the display is gone. */
	private boolean pingOnce() throws InterruptedException {
		long threshold = thresholdMillis.getAsLong();
		long poll = Math.min(threshold, PING_INTERVAL_MILLIS);
		CountDownLatch answered = new CountDownLatch(1);
		AtomicLong answeredAt = new AtomicLong();
		long sent = System.nanoTime();
		try {
			display.asyncExec(() -> {
				answeredAt.set(System.nanoTime());
				answered.countDown();
			});
		} catch (SWTException disposed) {
			return false;
		}
		Stall reported = null;
		while (!answered.await(poll, TimeUnit.MILLISECONDS)) {
			if (!watching || display.isDisposed()) {
				return false;
			}
			long late = millisSince(sent, System.nanoTime());
			if (reported == null && late >= threshold) {
				List<String> work = runningWork.get();
				if (!work.isEmpty()) {
					reported = new Stall(late, work, uiThread.getStackTrace());
					listener.unresponsive(reported);
				}
			}
		}
		if (reported != null) {
			listener.responsive(new Stall(millisSince(sent, answeredAt.get()), reported.work(), reported.stack()));
		}
		return true;
	}

	private static long millisSince(long startNanos, long endNanos) {
		return (endNanos - startNanos) / 1_000_000;
	}
}
