package io.backstop.memory;

/**
 * A memory source whose system use the test sets, so thresholds are crossed when the test
 * says, with the real monitor reading it.
 */
public final class ScriptedSource implements MemorySource {

	public static final long TOTAL = 16L << 30;

	private volatile double systemUsedPercent = 50;
	private volatile int reads;

	public void systemUsed(double percent) {
		systemUsedPercent = percent;
	}

	public int reads() {
		return reads;
	}

	@Override
	public MemoryReading read() {
		reads++;
		long available = Math.round(TOTAL * (100 - systemUsedPercent) / 100);
		// heap at 10%: the system figure decides the level
		return new MemoryReading(1L << 30, available, TOTAL, 100L << 20, 1000L << 20);
	}
}
