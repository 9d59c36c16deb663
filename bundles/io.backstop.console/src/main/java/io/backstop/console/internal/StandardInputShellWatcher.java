package io.backstop.console.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.osgi.service.component.annotations.Component;

/**
 * Notices when the console on the process's standard input ends: the Gogo shell runs there as
 * one long {@code gosh --login ...} execution, which returns when its input ends (a pipe
 * drained, Ctrl+D on a terminal). Sessions on other streams (a console attached through the control socket) are ignored.
 * <p>
 * Registered from the start, so an end that comes before the headless application starts (an
 * empty script) is not missed; by itself it does nothing but remember it.
 */
@Component(service = { CommandSessionListener.class, StandardInputShellWatcher.class }, immediate = true)
public class StandardInputShellWatcher implements CommandSessionListener {

	private boolean ended;
	private Runnable onEnd;

	/**
	 * Runs {@code action} when the console's input ends, at once if it already has; one action at
	 * a time. Closing the result withdraws it.
	 */
	synchronized AutoCloseable whenEnded(Runnable action) {
		if (ended) {
			action.run();
			return () -> {
			};
		}
		onEnd = action;
		return () -> {
			synchronized (this) {
				if (onEnd == action) {
					onEnd = null;
				}
			}
		};
	}

	synchronized boolean hasEnded() {
		return ended;
	}

	@Override
	public void beforeExecute(CommandSession session, CharSequence command) {
		// only the end matters
	}

	@Override
	public void afterExecute(CommandSession session, CharSequence command, Exception exception) {
		ended(session, command);
	}

	@Override
	public void afterExecute(CommandSession session, CharSequence command, Object result) {
		ended(session, command);
	}

	private void ended(CommandSession session, CharSequence command) {
		if (isLoginShell(command) && readsStandardInput(session.getKeyboard())) {
			inputEnded();
		}
	}

	void inputEnded() {
		Runnable action;
		synchronized (this) {
			ended = true;
			action = onEnd;
			onEnd = null;
		}
		if (action != null) {
			action.run();
		}
	}

	static boolean isLoginShell(CharSequence command) {
		if (command == null) {
			return false;
		}
		String text = command.toString().strip();
		return (text.startsWith("gosh ") || text.startsWith("gogo:gosh ")) && text.contains("--login");
	}

	static boolean readsStandardInput(InputStream keyboard) {
		if (keyboard == System.in) {
			return true;
		}
		if (keyboard instanceof FileInputStream file) {
			try {
				return file.getFD() == FileDescriptor.in;
			} catch (IOException e) {
				return false;
			}
		}
		return false;
	}
}
