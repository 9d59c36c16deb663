package io.backstop.memory;

/**
 * Percentages of memory in use at which the level rises; each at or above it belongs to the
 * higher level.
 */
public record MemoryThresholds(double warning, double high, double critical) {

	public static final MemoryThresholds DEFAULT = new MemoryThresholds(75, 80, 90);

	public MemoryThresholds {
		if (!(0 < warning && warning <= high && high <= critical && critical <= 100)) {
			throw new IllegalArgumentException("thresholds must rise within (0, 100]: warning " + warning + ", high "
					+ high + ", critical " + critical);
		}
	}

	public MemoryLevel levelFor(double percentUsed) {
		if (percentUsed >= critical) {
			return MemoryLevel.CRITICAL;
		}
		if (percentUsed >= high) {
			return MemoryLevel.HIGH;
		}
		return percentUsed >= warning ? MemoryLevel.WARNING : MemoryLevel.NORMAL;
	}
}
