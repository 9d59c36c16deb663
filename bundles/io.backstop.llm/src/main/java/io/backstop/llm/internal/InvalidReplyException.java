package io.backstop.llm.internal;

/** A model reply the agent cannot act on; the message is sent back to the model as is. */
final class InvalidReplyException extends Exception {

	private static final long serialVersionUID = 1L;

	InvalidReplyException(String message) {
		super(message);
	}
}
