package io.backstop.run.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;

/** What every kind of run shares: who it is, what was asked, when, and its outcome once known. */
abstract class AbstractRun implements RunHandle {

	private final String id;
	private final RunRequest request;
	private final String origin;
	private final String seriesName;
	private final Instant startedAt = Instant.now();
	final CompletableFuture<RunOutcome> completion = new CompletableFuture<>();

	AbstractRun(String id, RunRequest request, String origin, String seriesName) {
		this.id = id;
		this.request = request;
		this.origin = origin;
		this.seriesName = seriesName;
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public RunKind kind() {
		return request.kind();
	}

	@Override
	public RunRequest request() {
		return request;
	}

	@Override
	public String origin() {
		return origin;
	}

	@Override
	public String seriesName() {
		return seriesName;
	}

	@Override
	public Instant startedAt() {
		return startedAt;
	}

	@Override
	public CompletableFuture<RunOutcome> completion() {
		return completion;
	}

	Duration elapsed() {
		return Duration.between(startedAt, Instant.now());
	}

	/** Units per second since the start, 0 until measurable. */
	double rate(long done) {
		double seconds = elapsed().toNanos() / 1e9;
		return seconds > 0.05 ? done / seconds : 0;
	}

	/** Time left at {@code rate}, null when unknown. */
	static Duration eta(long done, long total, double rate) {
		return rate > 0 && total > done ? Duration.ofMillis(Math.round((total - done) / rate * 1000)) : null;
	}
}
