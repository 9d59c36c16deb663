package io.backstop.console.internal;

/** A command was called with arguments it does not accept; the message says which, in one line. */
final class UsageException extends Exception {

	private static final long serialVersionUID = 1L;

	UsageException(String message) {
		super(message);
	}
}
