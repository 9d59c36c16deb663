package io.backstop.llm.internal;

import java.time.Duration;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;
import io.backstop.llm.OllamaClient;

/**
 * Emergency stop band 200: unloads every model Ollama holds. It talks to Ollama through a
 * client of its own with short timeouts bounded by the step's deadline, so an Ollama that is
 * down or hung costs the stop a few hundred milliseconds at most, never seconds.
 */
@Component(service = Stoppable.class, property = { Stoppable.ORDER + ":Integer=200",
		Stoppable.TIMEOUT_MS + ":Long=3000" })
public final class ModelUnloadStep implements Stoppable {

	public static final String STEP_ID = "llm.models";
	static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
	static final Duration CALL_TIMEOUT = Duration.ofMillis(1000);

	@Reference
	private OllamaClient ollama;

	@Override
	public String id() {
		return STEP_ID;
	}

	@Override
	public String label() {
		return "Unload Ollama models";
	}

	@Override
	public StepResult stop(StopContext context) throws InterruptedException {
		return unload(new OllamaSettings(ollama.baseUri(), CONNECT_TIMEOUT, CALL_TIMEOUT), context);
	}

	/** The step's work against an explicit endpoint; timeouts are cut to the time the stop has left. */
	static StepResult unload(OllamaSettings settings, StopContext context) throws InterruptedException {
		Duration left = context.remaining();
		Duration connect = min(settings.connectTimeout(), left.dividedBy(2));
		Duration call = min(settings.readTimeout(), left.dividedBy(2));
		if (connect.isZero() || call.isZero()) {
			return StepResult.skipped("no time left before the deadline to contact Ollama");
		}
		try (HttpOllamaClient client = new HttpOllamaClient(settings.withTimeouts(connect, call))) {
			return new ModelUnloader(client).unloadAll(context);
		}
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}
}
