package io.backstop.llm;

/**
 * A streaming chat request in flight. Tokens reach the listener given to
 * {@link OllamaClient#chat} as they arrive.
 */
public interface ChatExchange {

	/**
	 * Waits for the complete reply.
	 *
	 * @throws OllamaException with {@link OllamaException.Kind#ABORTED} after {@link #abort()},
	 *                         or the kind of failure otherwise
	 * @throws InterruptedException when the waiting thread is interrupted; the request is
	 *                         aborted then too
	 */
	ChatReply await() throws OllamaException, InterruptedException;

	/**
	 * Aborts the request and closes its connection, which makes Ollama stop generating.
	 * Returns at once; a thread in {@link #await()} wakes with an ABORTED error. Has no effect
	 * once the reply is complete.
	 */
	void abort(String reason);

	boolean isDone();

	/** What has been streamed so far; the whole reply once done. */
	String partialContent();
}
