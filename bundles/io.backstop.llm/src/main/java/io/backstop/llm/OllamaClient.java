package io.backstop.llm;

import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

/**
 * The subset of Ollama's HTTP API that Backstop uses. Registered as an OSGi service and
 * configured under {@link #PID}: whoever shows or uses the server or the model asks
 * {@link #baseUri()} and {@link #model()}, and offers the models {@link #tags()} lists.
 */
public interface OllamaClient {

	/** The client's configuration: {@code url} and {@code model}, each the one place that setting lives. */
	String PID = "io.backstop.llm.ollama";

	/**
	 * The server every request of this client goes to: the configured {@code url}, else the
	 * {@code backstop.ollama.url} system property, else {@code OLLAMA_HOST}, else
	 * {@code http://127.0.0.1:11434}.
	 */
	URI baseUri();

	/**
	 * The model a run asks unless it names one: the configured {@code model}, else the
	 * {@code backstop.llm.model} system property, else {@value #DEFAULT_MODEL}.
	 */
	String model();

	/** The model asked when none is set. */
	String DEFAULT_MODEL = "llama3.2";

	/** {@code GET /api/tags}: the models installed. */
	List<InstalledModel> tags() throws OllamaException, InterruptedException;

	/** {@code GET /api/ps}: the models loaded in memory, with the VRAM each holds. */
	List<LoadedModel> ps() throws OllamaException, InterruptedException;

	/**
	 * {@code POST /api/chat} with {@code stream: true}. Returns as soon as the request is sent;
	 * {@code onToken} gets each piece of the assistant's message on an HTTP client thread.
	 */
	ChatExchange chat(ChatRequest request, Consumer<String> onToken);

	/**
	 * {@code POST /api/generate} with {@code keep_alive: 0} and no prompt: unloads the model.
	 *
	 * @return Ollama's {@code done_reason}, "unload" on success
	 */
	String unload(String model) throws OllamaException, InterruptedException;
}
