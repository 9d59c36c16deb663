package io.backstop.llm.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;
import io.backstop.llm.OllamaClient;

/**
 * Emergency stop band 200: unloads every model Ollama holds and waits until Ollama no longer
 * lists them. It talks to Ollama through connections of its own, warmed at activation, with
 * short timeouts bounded by the step's deadline, so an Ollama that is down costs the stop a
 * refused connection and a hung one at most a second.
 * <p>
 * The deadline leaves room for a real unload: Ollama takes a few seconds to let go of a model
 * whose chat was just aborted. The step returns as soon as the models are gone, so the deadline
 * costs time only when a model never leaves.
 */
@Component(service = Stoppable.class, immediate = true, property = { Stoppable.ORDER + ":Integer=200",
		Stoppable.TIMEOUT_MS + ":Long=5000" })
public final class ModelUnloadStep implements Stoppable {

	public static final String STEP_ID = "llm.models";

	@Reference
	private OllamaClient ollama;

	/** Built off the activating thread: a cold HTTP client takes a few hundred milliseconds to create. */
	private final CompletableFuture<ModelUnloader> unloader = new CompletableFuture<>();

	@Activate
	void activate() {
		Thread.ofPlatform().daemon().name("ollama-unload-warm-up").start(() -> {
			ModelUnloader created;
			try {
				created = new ModelUnloader();
			} catch (RuntimeException | Error e) {
				unloader.completeExceptionally(e);
				throw e;
			}
			unloader.complete(created);
			created.warmUp(ollama.baseUri());
		});
	}

	@Deactivate
	void deactivate() {
		unloader.thenAccept(ModelUnloader::close);
	}

	@Override
	public String id() {
		return STEP_ID;
	}

	@Override
	public String label() {
		return "Unload Ollama models";
	}

	@Override
	public StepResult stop(StopContext context) throws InterruptedException, ExecutionException {
		ModelUnloader ready;
		try {
			ready = unloader.get(context.remaining().toMillis(), TimeUnit.MILLISECONDS);
		} catch (TimeoutException e) {
			return StepResult.skipped("the Ollama client was still starting at the step's deadline");
		}
		return ready.unloadAll(ollama.baseUri(), context);
	}
}
