package io.backstop.cluster.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;

import io.backstop.backtest.CancellationToken;
import io.backstop.cluster.ClusterMember;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopSignal;
import io.backstop.sweep.RangeEvaluator;
import io.backstop.sweep.RangeWorker;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;

/**
 * One embedded Hazelcast member, in plain Java (the DS component wraps it): TCP-IP join to the
 * configured members, no multicast, bound to the configured interface; only
 * {@link Messages identified-data-serializable} messages, Java deserialization limited to
 * Backstop's classes. It farms ranges of distributed sweeps to the other members, evaluates the
 * ranges they send with the local sweep service, and carries the emergency stop and its reset to
 * every member.
 */
public final class ClusterNode implements AutoCloseable {

	private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());
	/** The engine's log, held so its level stays: its start-up banner and routine lines would flood the console. */
	private static final Logger ENGINE_LOG = Logger.getLogger("com.hazelcast");

	static final String USER_CONTEXT_KEY = "io.backstop.cluster.node";
	/** Members of another protocol version never join: the version is part of the engine's cluster name. */
	static final int PROTOCOL_VERSION = 2;
	private static final String EXECUTOR = "backstop";
	private static final String CORES = "backstop.cores";
	/** Who asks for a stop that another member started. */
	static final String REQUESTED_BY_PREFIX = "cluster member ";
	/** The reason a stop asked as the signal rose gives the other members, before this member's address. */
	static final String ON_RAISE_REASON = "emergency stop on ";
	private static final int RECEIVED_SERIES_KEPT = 4;

	private final ClusterSettings settings;
	private final Supplier<SweepService> sweeps;
	private final Supplier<EmergencyStop> emergencyStop;
	private final HazelcastInstance hazelcast;
	private final IExecutorService executor;
	private final String address;
	/** Encoded series this member started sweeps on, by fingerprint: the other members fetch them in chunks. */
	private final Map<String, byte[]> published = new ConcurrentHashMap<>();
	/** Series on their way here, by fingerprint: one transfer however many ranges need it. */
	private final Map<String, CompletableFuture<OhlcvSeries>> arriving = new ConcurrentHashMap<>();
	/** Series other members shipped here, by fingerprint, most recently used last. */
	private final Map<String, OhlcvSeries> received = new LinkedHashMap<>(8, 0.75f, true);
	/** Evaluators of other members' sweeps, by origin and sweep id. */
	private final Map<String, RangeEvaluator> evaluators = new ConcurrentHashMap<>();
	private final AtomicInteger rangesRunning = new AtomicInteger();
	private final AtomicLong rangesEvaluated = new AtomicLong();
	/**
	 * The other members' answers to the stop this member asked of them as its signal rose, until its
	 * {@code cluster.stop} step takes them; null when it asked none.
	 */
	private final AtomicReference<Map<String, Future<Messages.StopAnswer>>> askedOnRaise = new AtomicReference<>();
	/** Stops this member runs because another member asked: those are not passed on. */
	private final AtomicInteger servingOtherMembersStop = new AtomicInteger();
	private final StopSignal.Registration onRaise;
	private volatile boolean passOnRaises;
	/** The other members' answers to this member's last stop, until the report step takes them. */
	private volatile Map<String, Future<Messages.StopAnswer>> stopAnswers = Map.of();
	/** {@link System#nanoTime()} when the last range of another member's sweep ended here. */
	private volatile long lastRangeEndNanos;
	private final Object rangesLock = new Object();
	/**
	 * Cancels calls of halted sweeps: a cancellation waits for the other member's answer, which a
	 * halting feeder must not.
	 */
	private final ExecutorService cancellations = Executors.newSingleThreadExecutor(r -> {
		Thread t = new Thread(r, "cluster-cancellations");
		t.setDaemon(true);
		return t;
	});

	/**
	 * Starts the member and joins the configured members (blocks until it has joined or found
	 * none to join).
	 *
	 * @param sweeps        this Backstop's sweep service
	 * @param emergencyStop this Backstop's coordinator (a supplier of null: none)
	 */
	public ClusterNode(ClusterSettings settings, Supplier<SweepService> sweeps, Supplier<EmergencyStop> emergencyStop) {
		this.settings = settings;
		this.sweeps = sweeps;
		this.emergencyStop = emergencyStop;
		ENGINE_LOG.setLevel(Level.WARNING);
		this.hazelcast = Hazelcast.newHazelcastInstance(config(settings, this));
		this.executor = hazelcast.getExecutorService(EXECUTOR);
		this.address = addressOf(hazelcast.getCluster().getLocalMember());
		EmergencyStop stop = emergencyStop.get();
		// a signal already raised when this member joins is not passed on: only a stop asked here is
		this.onRaise = stop == null ? null : stop.signal().onRaise(this::askOthersOnRaise);
		this.passOnRaises = true;
	}

	private static Config config(ClusterSettings settings, ClusterNode node) {
		Config config = new Config();
		config.setClassLoader(ClusterNode.class.getClassLoader());
		config.setInstanceName("backstop-" + settings.bindInterface() + "-" + settings.port());
		config.setClusterName(engineClusterName(settings.clusterName()));
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(settings.port()).setPortAutoIncrement(false);
		network.getInterfaces().setEnabled(true).addInterface(settings.bindInterface());
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(true).setMembers(settings.memberAddresses())
				.setConnectionTimeoutSeconds(2);
		config.getSerializationConfig().addDataSerializableFactory(Messages.FACTORY_ID, new Messages.Factory());
		JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(false);
		filter.getWhitelist().addPrefixes("io.backstop.");
		config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
		config.getExecutorConfig(EXECUTOR).setPoolSize(8);
		// members report their cores, load and work themselves; Hazelcast's own metrics feed only its
		// Management Center, and collecting them costs every member processor time while it sweeps
		config.getMetricsConfig().setEnabled(false);
		config.getMemberAttributeConfig().setAttribute(CORES,
				Integer.toString(Runtime.getRuntime().availableProcessors()));
		config.setProperty("hazelcast.socket.bind.any", "false");
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		config.setProperty("hazelcast.logging.type", "jdk");
		config.setProperty("hazelcast.wait.seconds.before.join", "0");
		config.setProperty("hazelcast.max.join.seconds", "60");
		config.setProperty("hazelcast.partition.count", "7");
		config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(settings.heartbeatSeconds()));
		config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(settings.noHeartbeatSeconds()));
		config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
		config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
		config.setUserContext(new ConcurrentHashMap<>(Map.of(USER_CONTEXT_KEY, node)));
		return config;
	}

	/** The name the engine sees: the configured name and the protocol version. */
	static String engineClusterName(String clusterName) {
		return clusterName + "-backstop-" + PROTOCOL_VERSION;
	}

	static String addressOf(Member member) {
		return member.getAddress().getHost() + ":" + member.getAddress().getPort();
	}

	/** This member's {@code host:port}. */
	public String address() {
		return address;
	}

	/** The other members now. */
	List<Member> others() {
		return hazelcast.getCluster().getMembers().stream().filter(m -> !m.localMember()).toList();
	}

	/** Every member, this one first, with what each says of itself (within {@code waitMillis}). */
	public List<ClusterMember> members(long waitMillis) {
		List<ClusterMember> list = new ArrayList<>();
		Messages.MemberInfo here = info();
		list.add(new ClusterMember(address, true, here.cores, here.load, here.runningWork, true));
		Map<Member, Future<Messages.MemberInfo>> asked = new LinkedHashMap<>();
		for (Member m : others()) {
			asked.put(m, executor.submitToMember(new Messages.InfoCall(), m));
		}
		long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
		for (Map.Entry<Member, Future<Messages.MemberInfo>> e : asked.entrySet()) {
			try {
				Messages.MemberInfo info = e.getValue().get(Math.max(0, until - System.nanoTime()),
						TimeUnit.NANOSECONDS);
				list.add(new ClusterMember(addressOf(e.getKey()), false, info.cores, info.load, info.runningWork, true));
			} catch (Exception silent) {
				list.add(new ClusterMember(addressOf(e.getKey()), false, cores(e.getKey()), -1, "unknown", false));
			}
		}
		return list;
	}

	/** One line per configured member that is not in the cluster, saying why as far as can be told. */
	public List<String> problems() {
		List<String> present = hazelcast.getCluster().getMembers().stream().map(ClusterNode::addressOf).toList();
		List<String> problems = new ArrayList<>();
		for (String wanted : settings.memberAddresses()) {
			if (wanted.equals(address) || present.contains(wanted)) {
				continue;
			}
			problems.add(wanted + " did not join: " + (answers(wanted)
					? "it runs another cluster name or an incompatible Backstop version (this member: cluster \""
							+ settings.clusterName() + "\", cluster protocol " + PROTOCOL_VERSION + ")"
					: "nothing answers there"));
		}
		return problems;
	}

	private static boolean answers(String hostPort) {
		int colon = hostPort.lastIndexOf(':');
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
					Integer.parseInt(hostPort.substring(colon + 1))), 500);
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	static int cores(Member member) {
		String cores = member.getAttribute(CORES);
		try {
			return cores == null ? 1 : Math.max(1, Integer.parseInt(cores));
		} catch (NumberFormatException e) {
			return 1;
		}
	}

	// ---- distributed sweeps, on the member that starts one

	/** A worker per other member for a sweep started here; its series is published for them to fetch. */
	List<RangeWorker> workers(String sweepId, SweepSpec spec) {
		return workers(sweepId, spec, Set.of());
	}

	/** A worker per other member not named in {@code present} (members that joined since the sweep started). */
	List<RangeWorker> workers(String sweepId, SweepSpec spec, Set<String> present) {
		List<Member> others = others().stream().filter(m -> !present.contains(addressOf(m))).toList();
		if (others.isEmpty()) {
			return List.of();
		}
		byte[] encoded = published.computeIfAbsent(spec.series().fingerprint(), fp -> SeriesCodec.encode(spec.series()));
		int chunks = SeriesCodec.chunks(encoded);
		List<RangeWorker> workers = new ArrayList<>();
		for (Member member : others) {
			workers.add(new MemberRangeWorker(this, member, sweepId, spec, chunks, threadsFor(member, spec)));
		}
		return workers;
	}

	/**
	 * The threads a member evaluates a sweep's ranges on: its processors; but members that share a
	 * host (the same address) share its processors: those the sweep's own workers leave, when it is
	 * this member's host, divided among them, at least one each. Three members on one 2-core machine
	 * run four threads, not six, and each thread that must see a stop finds a processor sooner.
	 */
	int threadsFor(Member member, SweepSpec spec) {
		String host = member.getAddress().getHost();
		long sharing = others().stream().filter(m -> m.getAddress().getHost().equals(host)).count();
		String localHost = hazelcast.getCluster().getLocalMember().getAddress().getHost();
		int left = cores(member) - (host.equals(localHost) ? spec.effectiveWorkers() : 0);
		return (int) Math.max(1, left / Math.max(1, sharing));
	}

	IExecutorService executor() {
		return executor;
	}

	/** Cancels a call on another thread; the member's range sees it and ends. */
	void cancelLater(Future<?> call) {
		try {
			cancellations.execute(() -> call.cancel(true));
		} catch (java.util.concurrent.RejectedExecutionException closed) {
			// the node is closing: the member's ranges end with it
		}
	}

	boolean isMember(Member member) {
		return hazelcast.getLifecycleService().isRunning() && hazelcast.getCluster().getMembers().contains(member);
	}

	/** A chunk of a series published here. */
	byte[] seriesChunk(String fingerprint, int chunk) {
		byte[] encoded = published.get(fingerprint);
		if (encoded == null) {
			throw new IllegalStateException(address + " holds no series of fingerprint " + fingerprint);
		}
		return SeriesCodec.chunk(encoded, chunk);
	}

	// ---- distributed sweeps, on a member that evaluates ranges of another's

	Messages.Rows evaluateRange(Messages.RangeCall call) throws Exception {
		SweepService service = sweeps.get();
		if (service == null) {
			throw new IllegalStateException(address + " has no sweep service");
		}
		synchronized (rangesLock) {
			rangesRunning.incrementAndGet();
		}
		try {
			String key = call.origin + "/" + call.sweepId;
			RangeEvaluator evaluator = evaluators.get(key);
			if (evaluator == null) {
				OhlcvSeries series;
				try {
					series = series(call, this::stopRaised);
				} catch (CancellationException halted) {
					return new Messages.Rows(new long[0], new double[0], 0, false);
				}
				evaluator = service.rangeEvaluator(call.spec(series));
				RangeEvaluator raced = evaluators.putIfAbsent(key, evaluator);
				if (raced != null) {
					evaluator.close();
					evaluator = raced;
				}
			}
			int width = evaluator.metricNames().size();
			int size = (int) (call.to - call.from);
			long[] indices = new long[size];
			double[] metrics = new double[size * width];
			int[] count = new int[1];
			boolean complete = evaluator.evaluate(call.from, call.to, (index, row) -> {
				indices[count[0]] = index;
				System.arraycopy(row, 0, metrics, count[0] * width, width);
				count[0]++;
			}, () -> false);
			rangesEvaluated.incrementAndGet();
			return new Messages.Rows(java.util.Arrays.copyOf(indices, count[0]),
					java.util.Arrays.copyOf(metrics, count[0] * width), width, complete);
		} finally {
			synchronized (rangesLock) {
				lastRangeEndNanos = System.nanoTime();
				rangesRunning.decrementAndGet();
				rangesLock.notifyAll();
			}
		}
	}

	/**
	 * The series of a range call: shipped here once per fingerprint, in chunks, from the sweep's
	 * member. Ranges that need it while it arrives wait for that one transfer. Fetching and unpacking
	 * poll {@code halted}: a stop during a transfer does not wait for it.
	 *
	 * @throws CancellationException once {@code halted} is cancelled
	 */
	private OhlcvSeries series(Messages.RangeCall call, CancellationToken halted) throws Exception {
		while (true) {
			synchronized (received) {
				OhlcvSeries known = received.get(call.seriesFingerprint);
				if (known != null) {
					return known;
				}
			}
			CompletableFuture<OhlcvSeries> mine = new CompletableFuture<>();
			CompletableFuture<OhlcvSeries> arrival = arriving.putIfAbsent(call.seriesFingerprint, mine);
			if (arrival == null) {
				try {
					OhlcvSeries series = fetch(call, halted);
					synchronized (received) {
						received.put(call.seriesFingerprint, series);
						while (received.size() > RECEIVED_SERIES_KEPT) {
							received.remove(received.keySet().iterator().next());
						}
					}
					mine.complete(series);
					return series;
				} catch (Throwable e) {
					mine.completeExceptionally(e);
					throw e;
				} finally {
					arriving.remove(call.seriesFingerprint, mine);
				}
			}
			try {
				return awaitPolling(arrival, halted);
			} catch (ExecutionException e) {
				// another range's transfer was halted for its own sweep: this one fetches it again
				if (!(e.getCause() instanceof CancellationException)) {
					throw e;
				}
			}
		}
	}

	private OhlcvSeries fetch(Messages.RangeCall call, CancellationToken halted) throws Exception {
		Member origin = hazelcast.getCluster().getMembers().stream()
				.filter(m -> m.getUuid().toString().equals(call.origin)).findFirst()
				.orElseThrow(() -> new IllegalStateException("the member that started sweep " + call.sweepId + " left"));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int c = 0; c < call.seriesChunks; c++) {
			bytes.write(awaitPolling(executor.submitToMember(new Messages.ChunkCall(call.seriesFingerprint, c), origin),
					halted));
		}
		OhlcvSeries series = SeriesCodec.decode(bytes.toByteArray(), halted);
		if (!series.fingerprint().equals(call.seriesFingerprint)) {
			throw new IOException("series " + series.name() + " arrived damaged from " + addressOf(origin));
		}
		return series;
	}

	/**
	 * The future's value, polling {@code halted} every millisecond.
	 *
	 * @throws CancellationException once {@code halted} is cancelled or this thread is interrupted
	 */
	private static <T> T awaitPolling(Future<T> future, CancellationToken halted) throws ExecutionException {
		while (true) {
			if (halted.isCancelled()) {
				throw new CancellationException("halted while a series arrived");
			}
			try {
				return future.get(1, TimeUnit.MILLISECONDS);
			} catch (TimeoutException e) {
				// poll again
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new CancellationException("interrupted while a series arrived");
			}
		}
	}

	/** This member's stop signal is raised, or the range's call was cancelled (its thread interrupted). */
	private boolean stopRaised() {
		EmergencyStop stop = emergencyStop.get();
		return Thread.currentThread().isInterrupted() || (stop != null && stop.signal().isRaised());
	}

	/** Drops the evaluator of a sweep that ended on its member. */
	boolean release(String origin, String sweepId) {
		RangeEvaluator evaluator = evaluators.remove(origin + "/" + sweepId);
		if (evaluator != null) {
			evaluator.close();
		}
		return evaluator != null;
	}

	/** This member's uuid, as range calls name their origin. */
	String uuid() {
		return hazelcast.getCluster().getLocalMember().getUuid().toString();
	}

	Messages.MemberInfo info() {
		int ranges = rangesRunning.get();
		SweepService service = sweeps.get();
		long sweepsRunning = service == null ? 0
				: service.list().stream().filter(h -> h.status().state() == SweepState.RUNNING).count();
		List<String> work = new ArrayList<>();
		if (sweepsRunning > 0) {
			work.add(sweepsRunning + (sweepsRunning == 1 ? " sweep" : " sweeps"));
		}
		if (ranges > 0) {
			work.add(ranges + (ranges == 1 ? " range" : " ranges") + " of other members' sweeps");
		}
		long served = rangesEvaluated.get();
		String done = served == 0 ? "" : "; " + String.format(Locale.ROOT, "%,d", served)
				+ (served == 1 ? " range" : " ranges") + " done for other members so far";
		return new Messages.MemberInfo(Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
				(work.isEmpty() ? "idle" : String.join(", ", work)) + done);
	}

	// ---- the cluster-wide stop

	/**
	 * Asks every other member to run its stop; the answers, by member, as they come, kept for
	 * {@link #takeStopAnswers()}.
	 */
	Map<String, Future<Messages.StopAnswer>> stopOthers(String reason) {
		Map<String, Future<Messages.StopAnswer>> answers = new LinkedHashMap<>();
		for (Member m : others()) {
			answers.put(addressOf(m), executor.submitToMember(new Messages.StopCall(reason, REQUESTED_BY_PREFIX + address), m));
		}
		stopAnswers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(answers));
		return answers;
	}

	/**
	 * Asks the other members to stop as soon as this member's signal rises, before its stop's steps
	 * begin: the steps start a few thread hand-overs later, and every millisecond the request waits
	 * here, the other members' workers run on.
	 */
	private void askOthersOnRaise() {
		if (passOnRaises && servingOtherMembersStop.get() == 0 && hazelcast.getLifecycleService().isRunning()) {
			askedOnRaise.set(stopOthers(ON_RAISE_REASON + address));
		}
	}

	/** The answers of the stop asked as the signal rose; else asks every other member now. */
	Map<String, Future<Messages.StopAnswer>> stopOthersUnlessAsked(String reason) {
		Map<String, Future<Messages.StopAnswer>> asked = askedOnRaise.getAndSet(null);
		return asked != null ? asked : stopOthers(reason);
	}

	/** The answers of the last {@link #stopOthers(String)}, once; empty when there are none. */
	Map<String, Future<Messages.StopAnswer>> takeStopAnswers() {
		Map<String, Future<Messages.StopAnswer>> answers = stopAnswers;
		stopAnswers = Map.of();
		return new LinkedHashMap<>(answers);
	}

	/** Runs this member's stop for another member; a stop already running here is not waited on. */
	Messages.StopAnswer stopHere(String reason, String requestedBy) throws Exception {
		Messages.StopAnswer answer = new Messages.StopAnswer();
		answer.address = address;
		answer.steps = "";
		answer.note = "";
		EmergencyStop stop = emergencyStop.get();
		if (stop == null) {
			answer.note = "no emergency stop here";
			return answer;
		}
		if (stop.isStopping()) {
			answer.note = "its own stop was already running";
			return answer;
		}
		StopReport report;
		servingOtherMembersStop.incrementAndGet();
		try {
			report = stop.requestStop(StopRequest.of(reason, requestedBy)).get(ClusterStopStep.MEMBER_WAIT_MS,
					TimeUnit.MILLISECONDS);
		} finally {
			servingOtherMembersStop.decrementAndGet();
		}
		List<String> steps = new ArrayList<>();
		for (StepReport step : report.steps()) {
			steps.add(step.id() + " " + step.status());
		}
		answer.steps = String.join(", ", steps);
		answer.ramFreedBytes = report.ramFreedBytes();
		answer.heapFreedBytes = report.heapFreedBytes();
		answer.currentRamBytes = report.currentRamBytes();
		if (report.workHaltedAt() != null) {
			Instant halted = report.workHaltedAt();
			answer.workHaltedEpochNanos = halted.getEpochSecond() * 1_000_000_000L + halted.getNano();
		}
		return answer;
	}

	/**
	 * Waits until no range of another member's sweep runs here (they see the stop signal within a
	 * few thousand bars) or the deadline passes, and drops their evaluators.
	 *
	 * @return ranges still running at the deadline
	 */
	int haltRanges(long deadlineNanos) throws InterruptedException {
		synchronized (rangesLock) {
			while (rangesRunning.get() > 0) {
				long left = deadlineNanos - System.nanoTime();
				if (left <= 0) {
					break;
				}
				TimeUnit.NANOSECONDS.timedWait(rangesLock, left);
			}
		}
		for (String key : List.copyOf(evaluators.keySet())) {
			RangeEvaluator evaluator = evaluators.remove(key);
			if (evaluator != null) {
				evaluator.close();
			}
		}
		return rangesRunning.get();
	}

	int rangesRunning() {
		return rangesRunning.get();
	}

	/** {@link System#nanoTime()} when the last range of another member's sweep ended here; 0: none yet. */
	long lastRangeEndNanos() {
		return lastRangeEndNanos;
	}

	/** Ranges of other members' sweeps this member has evaluated since it started. */
	long rangesEvaluated() {
		return rangesEvaluated.get();
	}

	/** Tells every other member to lower its stop signal. */
	void resetOthers() {
		askedOnRaise.set(null);
		for (Member m : others()) {
			executor.submitToMember(new Messages.ResetCall(), m);
		}
	}

	/** Lowers this member's stop signal for a reset on another member; false when it was not raised. */
	boolean resetHere() {
		EmergencyStop stop = emergencyStop.get();
		if (stop == null) {
			return false;
		}
		StopSignal signal = stop.signal();
		if (!signal.isRaised() || stop.isStopping()) {
			return false;
		}
		stop.reset();
		return true;
	}

	/** Leaves the cluster; the others' ranges running here see the engine go and end. */
	@Override
	public void close() {
		if (onRaise != null) {
			onRaise.close();
		}
		cancellations.shutdownNow();
		try {
			hazelcast.getLifecycleService().terminate();
		} catch (RuntimeException e) {
			LOG.log(Level.FINE, "leaving the cluster: " + e.getMessage(), e);
		}
		evaluators.values().forEach(RangeEvaluator::close);
		evaluators.clear();
	}
}
