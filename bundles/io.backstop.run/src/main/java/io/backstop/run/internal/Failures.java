package io.backstop.run.internal;

/** Failures as one line for people. */
final class Failures {

	private Failures() {
	}

	/** The message's first line, else the exception's type. */
	static String oneLine(Throwable error) {
		String message = error.getMessage();
		if (message == null || message.isBlank()) {
			return error.getClass().getSimpleName();
		}
		return message.strip().replace("\r\n", " ").replace('\n', ' ');
	}
}
