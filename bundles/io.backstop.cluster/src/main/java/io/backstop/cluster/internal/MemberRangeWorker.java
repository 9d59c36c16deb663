package io.backstop.cluster.internal;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.hazelcast.cluster.Member;

import io.backstop.backtest.CancellationToken;
import io.backstop.sweep.RangeWorker;
import io.backstop.sweep.RowSink;
import io.backstop.sweep.SweepSpec;

/**
 * Another member as a sweep's remote worker: each range is one call to it, whose rows come back
 * together once the range is done. While a call is out, the sweep's halt is polled every few
 * milliseconds; a member that leaves fails the call, and the sweep's own workers evaluate the range.
 */
final class MemberRangeWorker implements RangeWorker {

	private static final long POLL_MILLIS = 2;

	private final ClusterNode node;
	private final Member member;
	private final String sweepId;
	private final SweepSpec spec;
	private final int seriesChunks;
	private final int threads;

	MemberRangeWorker(ClusterNode node, Member member, String sweepId, SweepSpec spec, int seriesChunks, int threads) {
		this.node = node;
		this.member = member;
		this.sweepId = sweepId;
		this.spec = spec;
		this.seriesChunks = seriesChunks;
		this.threads = threads;
	}

	@Override
	public String name() {
		return ClusterNode.addressOf(member);
	}

	@Override
	public int cores() {
		return threads;
	}

	@Override
	public boolean evaluate(long from, long to, RowSink sink, CancellationToken cancel) throws Exception {
		Future<Messages.Rows> call = node.executor().submitToMember(
				new Messages.RangeCall(node.uuid(), sweepId, spec, seriesChunks, from, to, threads), member);
		// the engine's futures are completion stages: the answer wakes this thread, and the halt is
		// polled in between; a future that is not one is polled for its answer too
		CountDownLatch answered = new CountDownLatch(1);
		if (call instanceof CompletionStage<?> stage) {
			stage.whenComplete((rows, failure) -> answered.countDown());
		}
		while (!answered.await(POLL_MILLIS, TimeUnit.MILLISECONDS) && !call.isDone()) {
			if (cancel.isCancelled()) {
				node.cancelLater(call);
				return false;
			}
			if (!node.isMember(member)) {
				throw new IllegalStateException("member " + name() + " left the cluster");
			}
		}
		Messages.Rows rows;
		try {
			rows = call.get();
		} catch (ExecutionException e) {
			Throwable cause = e.getCause() == null ? e : e.getCause();
			throw new IllegalStateException("member " + name() + ": " + cause.getMessage(), cause);
		}
		if (!rows.complete) {
			if (cancel.isCancelled()) {
				return false;
			}
			throw new IllegalStateException("member " + name() + " halted its range " + from + ".." + (to - 1));
		}
		double[] metrics = new double[rows.width];
		for (int r = 0; r < rows.indices.length; r++) {
			System.arraycopy(rows.metrics, r * rows.width, metrics, 0, rows.width);
			sink.row(rows.indices[r], metrics);
		}
		return true;
	}

	@Override
	public void close() {
		if (node.isMember(member)) {
			node.executor().submitToMember(new Messages.ReleaseCall(node.uuid(), sweepId), member);
		}
	}

	@Override
	public String toString() {
		return "member " + name() + " for sweep " + sweepId;
	}
}
