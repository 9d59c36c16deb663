package io.backstop.cluster.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.data.OhlcvSeries;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepSpec;

/**
 * What members send each other, each an {@link IdentifiedDataSerializable} made by
 * {@link Factory}: no Java serialization crosses the wire. Calls run on the receiving member
 * through its {@link ClusterNode}, found in the instance's user context.
 */
final class Messages {

	static final int FACTORY_ID = 1812;

	private static final int RANGE = 1;
	private static final int ROWS = 2;
	private static final int CHUNK = 3;
	private static final int STOP = 4;
	private static final int STOP_ANSWER = 5;
	private static final int RESET = 6;
	private static final int RELEASE = 7;
	private static final int INFO = 8;
	private static final int INFO_ANSWER = 9;

	private Messages() {
	}

	/** Makes every message by its class id. */
	static final class Factory implements DataSerializableFactory {
		@Override
		public IdentifiedDataSerializable create(int typeId) {
			return switch (typeId) {
			case RANGE -> new RangeCall();
			case ROWS -> new Rows();
			case CHUNK -> new ChunkCall();
			case STOP -> new StopCall();
			case STOP_ANSWER -> new StopAnswer();
			case RESET -> new ResetCall();
			case RELEASE -> new ReleaseCall();
			case INFO -> new InfoCall();
			case INFO_ANSWER -> new MemberInfo();
			default -> null;
			};
		}
	}

	/** A call that runs on the member it is sent to. */
	abstract static class Call<T> implements Callable<T>, IdentifiedDataSerializable, HazelcastInstanceAware {
		private transient HazelcastInstance instance;

		@Override
		public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
			instance = hazelcastInstance;
		}

		ClusterNode node() {
			return (ClusterNode) instance.getUserContext().get(ClusterNode.USER_CONTEXT_KEY);
		}

		@Override
		public int getFactoryId() {
			return FACTORY_ID;
		}
	}

	/** Evaluate combinations {@code from .. to - 1} of a sweep started on member {@code origin}. */
	static final class RangeCall extends Call<Rows> {
		String origin;
		String sweepId;
		String strategyId;
		List<ParameterRange> ranges;
		RunSettings settings;
		Objective objective;
		int topK;
		String seriesFingerprint;
		int seriesChunks;
		long from;
		long to;
		int threads;

		RangeCall() {
		}

		RangeCall(String origin, String sweepId, SweepSpec spec, int seriesChunks, long from, long to, int threads) {
			this.origin = origin;
			this.sweepId = sweepId;
			this.strategyId = spec.strategyId();
			this.ranges = spec.ranges();
			this.settings = spec.settings();
			this.objective = spec.objective();
			this.topK = spec.topK();
			this.seriesFingerprint = spec.series().fingerprint();
			this.seriesChunks = seriesChunks;
			this.from = from;
			this.to = to;
			this.threads = threads;
		}

		/** The spec on this member's copy of the series, on the threads the sweep's member gave it. */
		SweepSpec spec(OhlcvSeries series) {
			return new SweepSpec(strategyId, series, ranges, settings, objective, topK, threads);
		}

		@Override
		public Rows call() throws Exception {
			return node().evaluateRange(this);
		}

		@Override
		public int getClassId() {
			return RANGE;
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeString(origin);
			out.writeString(sweepId);
			out.writeString(strategyId);
			out.writeInt(ranges.size());
			for (ParameterRange r : ranges) {
				out.writeString(r.name());
				out.writeDoubleArray(r.values());
			}
			out.writeDouble(settings.initialCapital());
			out.writeDouble(settings.feesBps());
			out.writeDouble(settings.slippageBps());
			out.writeString(settings.sizing().name());
			out.writeDouble(settings.sizingValue());
			out.writeBoolean(settings.allowShort());
			out.writeString(settings.ruin().name());
			out.writeString(objective.metric());
			out.writeString(objective.direction().name());
			out.writeInt(topK);
			out.writeString(seriesFingerprint);
			out.writeInt(seriesChunks);
			out.writeLong(from);
			out.writeLong(to);
			out.writeInt(threads);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			origin = in.readString();
			sweepId = in.readString();
			strategyId = in.readString();
			int n = in.readInt();
			ranges = new ArrayList<>(n);
			for (int r = 0; r < n; r++) {
				String name = in.readString();
				ranges.add(ParameterRange.values(name, in.readDoubleArray()));
			}
			settings = new RunSettings(in.readDouble(), in.readDouble(), in.readDouble(),
					Sizing.valueOf(in.readString()), in.readDouble(), in.readBoolean(), Ruin.valueOf(in.readString()));
			objective = new Objective(in.readString(), Objective.Direction.valueOf(in.readString()));
			topK = in.readInt();
			seriesFingerprint = in.readString();
			seriesChunks = in.readInt();
			from = in.readLong();
			to = in.readLong();
			threads = in.readInt();
		}
	}

	/**
	 * A range's rows: indices and their metrics, {@code width} per row. Complete when every
	 * combination of the range is in it; a member that halted sends what it has with complete false.
	 */
	static final class Rows implements IdentifiedDataSerializable {
		long[] indices;
		double[] metrics;
		int width;
		boolean complete;

		Rows() {
		}

		Rows(long[] indices, double[] metrics, int width, boolean complete) {
			this.indices = indices;
			this.metrics = metrics;
			this.width = width;
			this.complete = complete;
		}

		@Override
		public int getFactoryId() {
			return FACTORY_ID;
		}

		@Override
		public int getClassId() {
			return ROWS;
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeLongArray(indices);
			out.writeDoubleArray(metrics);
			out.writeInt(width);
			out.writeBoolean(complete);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			indices = in.readLongArray();
			metrics = in.readDoubleArray();
			width = in.readInt();
			complete = in.readBoolean();
		}
	}

	/** A chunk of the encoded series of a fingerprint, from the member that started the sweep. */
	static final class ChunkCall extends Call<byte[]> {
		String fingerprint;
		int chunk;

		ChunkCall() {
		}

		ChunkCall(String fingerprint, int chunk) {
			this.fingerprint = fingerprint;
			this.chunk = chunk;
		}

		@Override
		public byte[] call() {
			return node().seriesChunk(fingerprint, chunk);
		}

		@Override
		public int getClassId() {
			return CHUNK;
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeString(fingerprint);
			out.writeInt(chunk);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			fingerprint = in.readString();
			chunk = in.readInt();
		}
	}

	/** Run the emergency stop here, asked by another member. */
	static final class StopCall extends Call<StopAnswer> {
		String reason;
		String requestedBy;

		StopCall() {
		}

		StopCall(String reason, String requestedBy) {
			this.reason = reason;
			this.requestedBy = requestedBy;
		}

		@Override
		public StopAnswer call() throws Exception {
			return node().stopHere(reason, requestedBy);
		}

		@Override
		public int getClassId() {
			return STOP;
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeString(reason);
			out.writeString(requestedBy);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			reason = in.readString();
			requestedBy = in.readString();
		}
	}

	/**
	 * A member's stop as it reports it.
	 *
	 * @see ClusterNode#stopHere(String, String)
	 */
	static final class StopAnswer implements IdentifiedDataSerializable {
		String address;
		/** "sweep.halt CLEANED, memory.gc CLEANED, ..." */
		String steps;
		long ramFreedBytes;
		long heapFreedBytes;
		long currentRamBytes;
		/** Epoch nanoseconds when its last work halted, or 0 when it did not say. */
		long workHaltedEpochNanos;
		/** Empty, or why it ran no stop (one already running). */
		String note;

		StopAnswer() {
		}

		@Override
		public int getFactoryId() {
			return FACTORY_ID;
		}

		@Override
		public int getClassId() {
			return STOP_ANSWER;
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeString(address);
			out.writeString(steps);
			out.writeLong(ramFreedBytes);
			out.writeLong(heapFreedBytes);
			out.writeLong(currentRamBytes);
			out.writeLong(workHaltedEpochNanos);
			out.writeString(note);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			address = in.readString();
			steps = in.readString();
			ramFreedBytes = in.readLong();
			heapFreedBytes = in.readLong();
			currentRamBytes = in.readLong();
			workHaltedEpochNanos = in.readLong();
			note = in.readString();
		}
	}

	/** Lower the stop signal here: a reset on another member. */
	static final class ResetCall extends Call<Boolean> {
		@Override
		public Boolean call() {
			return node().resetHere();
		}

		@Override
		public int getClassId() {
			return RESET;
		}

		@Override
		public void writeData(ObjectDataOutput out) {
			// nothing: the call is the message
		}

		@Override
		public void readData(ObjectDataInput in) {
			// nothing: the call is the message
		}
	}

	/** A sweep ended on its member: drop what was prepared here for it. */
	static final class ReleaseCall extends Call<Boolean> {
		String origin;
		String sweepId;

		ReleaseCall() {
		}

		ReleaseCall(String origin, String sweepId) {
			this.origin = origin;
			this.sweepId = sweepId;
		}

		@Override
		public Boolean call() {
			return node().release(origin, sweepId);
		}

		@Override
		public int getClassId() {
			return RELEASE;
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeString(origin);
			out.writeString(sweepId);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			origin = in.readString();
			sweepId = in.readString();
		}
	}

	/** How a member is doing: cores, load, running work. */
	static final class InfoCall extends Call<MemberInfo> {
		@Override
		public MemberInfo call() {
			return node().info();
		}

		@Override
		public int getClassId() {
			return INFO;
		}

		@Override
		public void writeData(ObjectDataOutput out) {
			// nothing: the call is the message
		}

		@Override
		public void readData(ObjectDataInput in) {
			// nothing: the call is the message
		}
	}

	static final class MemberInfo implements IdentifiedDataSerializable {
		int cores;
		double load;
		String runningWork;

		MemberInfo() {
		}

		MemberInfo(int cores, double load, String runningWork) {
			this.cores = cores;
			this.load = load;
			this.runningWork = runningWork;
		}

		@Override
		public int getFactoryId() {
			return FACTORY_ID;
		}

		@Override
		public int getClassId() {
			return INFO_ANSWER;
		}

		@Override
		public void writeData(ObjectDataOutput out) throws IOException {
			out.writeInt(cores);
			out.writeDouble(load);
			out.writeString(runningWork);
		}

		@Override
		public void readData(ObjectDataInput in) throws IOException {
			cores = in.readInt();
			load = in.readDouble();
			runningWork = in.readString();
		}
	}
}
