package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.junit.jupiter.api.Test;

import io.backstop.app.addons.UiWatchdogAddon;
import io.backstop.app.addons.PreferencesAddon;
import io.backstop.app.model.AppPreferences;
import io.backstop.app.model.JobTracker;
import io.backstop.estop.api.StopReport;

/**
 * The UI watchdog against a display thread the test blocks (the test runs on it) for longer
 * than a one-second threshold, while a Job runs.
 */
class UiWatchdogUiIT {

	private static final String WORK = "Sweep of the watchdog test";
	private static final long BLOCK_MILLIS = 3500;

	@Test
	void aStallWhileWorkRunsIsLoggedWithTheUiStackShownOnceTheWindowRespondsAndTheOptInStopsTheWork() throws Exception {
		try (PartHarness ui = new PartHarness(); Watchdog watchdog = new Watchdog(ui, true)) {
			EmergencyStopPart stopView = ui.part(EmergencyStopPart.class, "Emergency Stop", 1100, 420);
			Job work = watchdog.startWork();

			blockTheDisplayThread();

			ui.await(() -> !stopView.watchdogNoticeText().isEmpty(), Duration.ofSeconds(10), "the watchdog's notice");
			String notice = stopView.watchdogNoticeText();
			assertTrue(notice.startsWith("The window did not respond for "), notice);
			assertTrue(notice.contains("while " + WORK + " ran"), notice);
			assertTrue(stalledSeconds(notice) >= 1, notice);
			assertTrue(notice.contains("; the emergency stop was requested;"), notice);
			assertTrue(notice.matches(".*its stack: at (java.base/)?java.lang.Thread.sleep.*"), "the UI thread's stack: " + notice);

			String logged = watchdog.logged("The window has not responded for ");
			assertTrue(logged.contains("while " + WORK + " ran; the UI thread's stack:"), logged);
			assertTrue(logged.contains(UiWatchdogUiIT.class.getName() + ".blockTheDisplayThread"),
					"the whole stack, down to what blocked the window: " + logged);

			ui.await(() -> ui.emergencyStop.lastReport().map(r -> r.request().requestedBy()).orElse("")
					.equals(UiWatchdogAddon.REQUESTED_BY), Duration.ofSeconds(30), "the stop the watchdog requested");
			StopReport stop = ui.emergencyStop.lastReport().orElseThrow();
			assertTrue(stop.request().reason().contains(WORK), stop.request().reason());
			assertTrue(work.join(10_000, null), "the Job obeyed the stop");
		}
	}

	@Test
	void withoutTheOptInTheStallIsReportedAndNothingIsStoppedAndAnIdleStallIsNotReported() throws Exception {
		try (PartHarness ui = new PartHarness(); Watchdog watchdog = new Watchdog(ui, false)) {
			EmergencyStopPart stopView = ui.part(EmergencyStopPart.class, "Emergency Stop", 1100, 420);
			int stops = ui.emergencyStop.history(1000).size();

			// nothing runs: a slow window alone is not the watchdog's business
			blockTheDisplayThread();
			ui.flush();
			Thread.sleep(500);
			ui.flush();
			assertEquals("", stopView.watchdogNoticeText());

			Job work = watchdog.startWork();
			blockTheDisplayThread();
			ui.await(() -> !stopView.watchdogNoticeText().isEmpty(), Duration.ofSeconds(10), "the watchdog's notice");
			String notice = stopView.watchdogNoticeText();
			assertTrue(notice.contains("while " + WORK + " ran; its stack: at "), notice);
			assertFalse(notice.contains("emergency stop"), notice);
			assertFalse(ui.emergencyStop.signal().isRaised(), "no stop requested");
			assertEquals(stops, ui.emergencyStop.history(1000).size(), "no stop ran");
			work.cancel();
			assertTrue(work.join(10_000, null));
		}
	}

	private static void blockTheDisplayThread() throws InterruptedException {
		Thread.sleep(BLOCK_MILLIS);
	}

	private static double stalledSeconds(String notice) {
		Matcher seconds = Pattern.compile("did not respond for ([\\d.]+) s").matcher(notice);
		assertTrue(seconds.find(), notice);
		return Double.parseDouble(seconds.group(1));
	}

	/** The addon with a one-second threshold, a Job tracker, and the log it writes. */
	private static final class Watchdog implements AutoCloseable {
		private final PartHarness ui;
		private final JobTracker tracker;
		private final UiWatchdogAddon addon;
		private final List<IStatus> log = new CopyOnWriteArrayList<>();
		private final ILogListener listener = (status, plugin) -> log.add(status);

		Watchdog(PartHarness ui, boolean stops) {
			this.ui = ui;
			ContextInjectionFactory.make(PreferencesAddon.class, ui.context);
			ui.context.get(AppPreferences.class).setWatchdog(1, stops);
			Platform.addLogListener(listener);
			tracker = ContextInjectionFactory.make(JobTracker.class, ui.context);
			ui.context.set(JobTracker.class, tracker);
			addon = ContextInjectionFactory.make(UiWatchdogAddon.class, ui.context);
		}

		/** A Job that runs until it is cancelled or the stop signal rises, a minute at most. */
		Job startWork() {
			Job job = Job.create(WORK, monitor -> {
				long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
				while (!monitor.isCanceled() && !ui.emergencyStop.signal().isRaised() && System.nanoTime() < giveUp) {
					try {
						Thread.sleep(10);
					} catch (InterruptedException e) {
						return Status.CANCEL_STATUS;
					}
				}
				return Status.OK_STATUS;
			});
			job.schedule();
			ui.await(() -> tracker.running().stream().anyMatch(p -> p.job() == job), Duration.ofSeconds(10),
					"the Job to run");
			return job;
		}

		String logged(String start) {
			return log.stream().map(IStatus::getMessage).filter(m -> m.startsWith(start)).findFirst()
					.orElseThrow(() -> new AssertionError("nothing logged starting with \"" + start + "\": " + log));
		}

		@Override
		public void close() throws InterruptedException {
			ContextInjectionFactory.uninject(addon, ui.context);
			Platform.removeLogListener(listener);
			InstanceScope.INSTANCE.getNode(AppPreferences.NODE).remove(AppPreferences.WATCHDOG_SECONDS);
			InstanceScope.INSTANCE.getNode(AppPreferences.NODE).remove(AppPreferences.WATCHDOG_STOP);
			ContextInjectionFactory.uninject(tracker, ui.context);
			while (ui.emergencyStop.isStopping()) {
				Thread.sleep(50);
			}
		}
	}
}
