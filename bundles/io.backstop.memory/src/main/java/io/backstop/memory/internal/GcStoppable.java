package io.backstop.memory.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;

/**
 * Emergency stop step, reclaim band: up to three garbage collections, each confirmed by the
 * collectors' counts advancing (System.gc() is only a request), stopping early when a pass
 * frees next to nothing. Reports heap before and after and the collections run.
 * <p>
 * The product starts with a heap that never gives memory back on its own
 * ({@code -XX:MaxHeapFreeRatio=100}): a heap that shrinks while work runs must grow again, and a
 * worker allocating a large array on pages the system hands back faults them in without polling
 * the stop, stalling it by 50-150 ms. This step's collections are where the heap gives back what
 * it does not need: they run with at most {@link #FREE_PERCENT_AFTER_STOP} % of it free, and the
 * ratio the JVM had is restored after them.
 */
@Component(service = Stoppable.class, property = { Stoppable.ORDER + ":Integer=500",
		Stoppable.TIMEOUT_MS + ":Long=10000" })
public final class GcStoppable implements Stoppable {

	static final String ID = "memory.gc";
	static final int MAX_PASSES = 3;
	/** A pass that frees less than this is the last one: the heap holds only live data now. */
	static final long NEGLIGIBLE_BYTES = 1 << 20;
	private static final Duration PASS_WAIT = Duration.ofSeconds(2);
	/** The free share of the heap the stop's collections keep; the rest goes back to the system. */
	static final int FREE_PERCENT_AFTER_STOP = 30;

	private final HeapFreeRatio freeRatio = HeapFreeRatio.ofThisJvm();

	/**
	 * The JVM's first full collection commits the collector's own structures and is several times
	 * slower than the next ones (273 ms against 40 ms for a 14 MB heap on the build machine); it runs
	 * while the application starts, in the background, so that the first stop does not pay for it.
	 */
	@Activate
	void activate() {
		Thread warmUp = new Thread(System::gc, "backstop-gc-warm-up");
		warmUp.setDaemon(true);
		warmUp.start();
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String label() {
		return "Collect garbage";
	}

	@Override
	public StepResult stop(StopContext context) throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
		long heapBefore = memory.getHeapMemoryUsage().getUsed();
		long countBefore = count(collectors);
		long timeBefore = time(collectors);
		long committedBefore = memory.getHeapMemoryUsage().getCommitted();
		int passes = 0;
		try (HeapFreeRatio.Lowered lowered = freeRatio.lower(FREE_PERCENT_AFTER_STOP)) {
			long previous = heapBefore;
			while (passes < MAX_PASSES) {
				context.progress("garbage collection pass " + (passes + 1) + " of " + MAX_PASSES);
				long counted = count(collectors);
				System.gc();
				if (!awaitCollection(collectors, counted, context)) {
					break;
				}
				passes++;
				long now = memory.getHeapMemoryUsage().getUsed();
				if (previous - now < NEGLIGIBLE_BYTES) {
					break;
				}
				previous = now;
			}
		}
		long committedAfter = memory.getHeapMemoryUsage().getCommitted();
		long heapAfter = memory.getHeapMemoryUsage().getUsed();
		long collections = count(collectors) - countBefore;
		Map<String, Long> counters = new LinkedHashMap<>();
		counters.put("gc.passes", (long) passes);
		counters.put("gc.collections", collections);
		counters.put("gc.time.ms", time(collectors) - timeBefore);
		counters.put("heap.before", heapBefore);
		counters.put("heap.after", heapAfter);
		counters.put("heap.committed.before", committedBefore);
		counters.put("heap.committed.after", committedAfter);
		if (passes == 0) {
			return StepResult.skipped("System.gc() started no collection (explicit GC disabled?); heap "
					+ Bytes.format(heapAfter)).withCounters(counters);
		}
		long freed = Math.max(0, heapBefore - heapAfter);
		String detail = passes + " pass(es), " + collections + " collection(s); heap " + Bytes.format(heapBefore)
				+ " -> " + Bytes.format(heapAfter) + ", reserved " + Bytes.format(committedBefore) + " -> "
				+ Bytes.format(committedAfter);
		return StepResult.cleaned(detail, freed, List.of("jvm heap")).withCounters(counters);
	}

	/** Waits until the collectors counted a collection after {@code counted}, within the step's deadline. */
	private static boolean awaitCollection(List<GarbageCollectorMXBean> collectors, long counted, StopContext context)
			throws InterruptedException {
		Instant limit = Instant.now().plus(PASS_WAIT);
		if (limit.isAfter(context.deadline())) {
			limit = context.deadline();
		}
		while (count(collectors) <= counted) {
			if (!Instant.now().isBefore(limit)) {
				return false;
			}
			Thread.sleep(5);
		}
		return true;
	}

	private static long count(List<GarbageCollectorMXBean> collectors) {
		return collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionCount())).sum();
	}

	private static long time(List<GarbageCollectorMXBean> collectors) {
		return collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionTime())).sum();
	}
}
