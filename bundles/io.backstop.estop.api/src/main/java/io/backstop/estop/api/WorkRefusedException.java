package io.backstop.estop.api;

/** New work was refused because the emergency stop signal is raised. */
public class WorkRefusedException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	public WorkRefusedException(String message) {
		super(message);
	}
}
