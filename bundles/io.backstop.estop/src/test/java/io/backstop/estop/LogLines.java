package io.backstop.estop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.backstop.estop.api.TypedConfiguration;

/** The lines the typed configuration logs while this is open (the JDK's System.Logger writes to java.util.logging). */
final class LogLines extends Handler implements AutoCloseable {

	private final Logger logger = Logger.getLogger(TypedConfiguration.class.getName());
	private final List<String> lines = new CopyOnWriteArrayList<>();

	LogLines() {
		logger.addHandler(this);
	}

	List<String> lines() {
		return lines;
	}

	@Override
	public void publish(LogRecord record) {
		lines.add(record.getMessage());
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
		logger.removeHandler(this);
	}
}
