package io.backstop.console.internal;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;

/**
 * Notices when the console on the process's standard input ends: the Gogo shell runs there as
 * one long {@code gosh --login ...} execution, which returns when its input ends (a pipe
 * drained, Ctrl+D on a terminal). Sessions on other streams (a telnet or ssh console the user
 * configured) are ignored.
 */
final class StandardInputShellWatcher implements CommandSessionListener {

	private final Runnable onEnd;

	StandardInputShellWatcher(Runnable onEnd) {
		this.onEnd = onEnd;
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
			onEnd.run();
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
