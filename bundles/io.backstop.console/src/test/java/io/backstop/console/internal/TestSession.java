package io.backstop.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;
import org.apache.felix.service.command.JobListener;

/** A Gogo session whose console is a buffer the test reads. */
final class TestSession implements CommandSession {

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
	private final PrintStream console = new PrintStream(buffer, true, StandardCharsets.UTF_8);
	private final Map<String, Object> variables = new HashMap<>();
	private Path currentDir;

	/** What the commands printed since the last call, and clears it. */
	String take() {
		console.flush();
		String text = buffer.toString(StandardCharsets.UTF_8);
		buffer.reset();
		return text;
	}

	@Override
	public Path currentDir() {
		return currentDir;
	}

	@Override
	public void currentDir(Path path) {
		currentDir = path;
	}

	@Override
	public ClassLoader classLoader() {
		return getClass().getClassLoader();
	}

	@Override
	public void classLoader(ClassLoader classLoader) {
	}

	@Override
	public Object execute(CharSequence commandline) {
		throw new UnsupportedOperationException();
	}

	@Override
	public void close() {
	}

	@Override
	public InputStream getKeyboard() {
		return InputStream.nullInputStream();
	}

	@Override
	public PrintStream getConsole() {
		return console;
	}

	@Override
	public Object get(String name) {
		return variables.get(name);
	}

	@Override
	public Object put(String name, Object value) {
		return variables.put(name, value);
	}

	@Override
	public CharSequence format(Object target, int level) {
		return String.valueOf(target);
	}

	@Override
	public Object convert(Class<?> type, Object instance) {
		return instance;
	}

	@Override
	public List<Job> jobs() {
		return List.of();
	}

	@Override
	public Job foregroundJob() {
		return null;
	}

	@Override
	public void setJobListener(JobListener listener) {
	}
}
