package io.backstop.app.addons;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.swt.widgets.Display;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.backstop.app.model.AppPreferences;
import io.backstop.app.model.DataLoader;
import io.backstop.app.model.Format;
import io.backstop.app.model.JobTracker;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopRequest;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The UI watchdog: when the window does not respond for the preferred number of seconds while
 * Jobs run, logs it with the UI thread's stack and, if the user opted in, requests the
 * emergency stop (requested by {@value #REQUESTED_BY}). Once the window answers again it posts
 * {@link #TOPIC} with a notice for the Emergency Stop view.
 */
public class UiWatchdogAddon {

	/** Posted when the window answers after a reported stall; {@link #NOTICE} holds the text. */
	public static final String TOPIC = "io/backstop/app/watchdog/RESPONSIVE";
	public static final String NOTICE = "notice";
	public static final String REQUESTED_BY = "watchdog";
	/** Frames of the UI thread's stack the notice shows; the log has them all. */
	private static final int NOTICE_FRAMES = 6;

	private final ILog log = ILog.of(UiWatchdogAddon.class);

	@Inject
	private JobTracker jobs;

	@Inject
	private AppPreferences preferences;

	@Inject
	@Optional
	private EventAdmin eventAdmin;

	private volatile EmergencyStop emergencyStop;
	private UiWatchdog watchdog;
	/** Whether the stall being reported requested the stop; only the watchdog's thread uses it. */
	private boolean stopRequested;

	/** Called again by the injector when the coordinator comes or goes. */
	@Inject
	void setEmergencyStop(@Optional EmergencyStop newEmergencyStop) {
		emergencyStop = newEmergencyStop;
	}

	/** Runs on the UI thread as the workbench starts, so that the current display is the workbench's. */
	@PostConstruct
	void start() {
		Display display = Display.getCurrent();
		if (display == null) {
			log.warn("The UI watchdog did not start: the workbench was not created on a UI thread");
			return;
		}
		watchdog = new UiWatchdog(display, this::runningWork, () -> preferences.watchdogSeconds() * 1000L,
				new UiWatchdog.Listener() {
					@Override
					public void unresponsive(UiWatchdog.Stall stall) {
						reportUnresponsive(stall);
					}

					@Override
					public void responsive(UiWatchdog.Stall stall) {
						reportResponsive(stall);
					}
				});
		watchdog.start();
	}

	private List<String> runningWork() {
		return jobs.running().stream().map(progress -> progress.job().getName()).toList();
	}

	private void reportUnresponsive(UiWatchdog.Stall stall) {
		String what = "The window has not responded for " + Format.seconds(stall.millis()) + " while "
				+ String.join(", ", stall.work()) + " ran";
		log.log(new Status(IStatus.WARNING, DataLoader.PLUGIN_ID, what + "; the UI thread's stack:\n" + frames(stall, Integer.MAX_VALUE)));
		EmergencyStop stop = emergencyStop;
		stopRequested = stop != null && preferences.watchdogStops();
		if (stopRequested) {
			stop.requestStop(StopRequest.of(what, REQUESTED_BY));
		}
	}

	private void reportResponsive(UiWatchdog.Stall stall) {
		String what = "The window did not respond for " + Format.seconds(stall.millis()) + " while "
				+ String.join(", ", stall.work()) + " ran";
		log.log(new Status(IStatus.WARNING, DataLoader.PLUGIN_ID, what + "; it responds again"));
		if (eventAdmin != null) {
			String notice = what + (stopRequested ? "; the emergency stop was requested" : "")
					+ "; its stack: " + frames(stall, NOTICE_FRAMES) + " (the whole stack is in the workspace log)";
			eventAdmin.postEvent(new Event(TOPIC, Map.of(NOTICE, notice)));
		}
	}

	private static String frames(UiWatchdog.Stall stall, int max) {
		return Arrays.stream(stall.stack()).limit(max).map(frame -> "at " + frame)
				.collect(Collectors.joining(max == Integer.MAX_VALUE ? "\n" : ", "));
	}

	@PreDestroy
	void stop() {
		if (watchdog != null) {
			watchdog.stop();
		}
	}
}
