package io.backstop.cluster;

/**
 * A member of the cluster as it last reported itself.
 *
 * @param address     host and port, for example {@code 127.0.0.1:5701}
 * @param local       whether it is this Backstop
 * @param cores       processors it has
 * @param load        its system load average over the last minute (negative when unknown)
 * @param runningWork what it runs now, for example "2 ranges of sweep 20261202-...", or "idle"
 * @param answered    false when it did not answer in time (cores, load and work are then unknown)
 */
public record ClusterMember(String address, boolean local, int cores, double load, String runningWork,
		boolean answered) {
}
