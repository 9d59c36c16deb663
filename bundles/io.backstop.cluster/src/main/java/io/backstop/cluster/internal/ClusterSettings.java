package io.backstop.cluster.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cluster's configuration sets, checked: a bad value is refused in one line that names
 * the field. Timing fields are Hazelcast's failure-detection knobs, short in tests.
 *
 * @param heartbeatSeconds       how often members tell each other they are alive
 * @param noHeartbeatSeconds     a member silent this long has left
 */
record ClusterSettings(boolean enabled, String clusterName, int port, List<String> members, String bindInterface,
		boolean allowNonLoopback, int heartbeatSeconds, int noHeartbeatSeconds) {

	static final String DEFAULT_NAME = "backstop";
	static final int DEFAULT_PORT = 5701;
	static final String LOOPBACK = "127.0.0.1";
	static final int HEARTBEAT_SECONDS = 1;
	/**
	 * A member killed on this machine or a LAN is declared dead within this, and the ranges it ran
	 * run elsewhere; four missed heartbeats leave room for a member whose processors are busy.
	 */
	static final int NO_HEARTBEAT_SECONDS = 4;
	static final ClusterSettings OFF = new ClusterSettings(false, DEFAULT_NAME, DEFAULT_PORT, List.of(), LOOPBACK,
			false, HEARTBEAT_SECONDS, NO_HEARTBEAT_SECONDS);

	ClusterSettings {
		if (clusterName == null || clusterName.isBlank() || !clusterName.matches("[A-Za-z0-9_.-]+")) {
			throw new IllegalArgumentException("cluster.name \"" + clusterName
					+ "\" is not a cluster name: letters, digits, '_', '.' and '-' only");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port " + port + " is not a TCP port (1 to 65535)");
		}
		members = List.copyOf(members);
		for (String member : members) {
			address(member, port);
		}
		if (enabled && !allowNonLoopback && !isLoopback(bindInterface)) {
			throw new IllegalArgumentException("bind.interface " + bindInterface + " is not loopback: the open edition "
					+ "has no TLS or authentication; set allow.non.loopback to bind it anyway");
		}
	}

	static ClusterSettings of(ClusterConfiguration config) {
		return new ClusterSettings(config.enabled(), config.cluster_name().strip(), config.port(),
				parseMembers(config.members()), config.bind_interface().strip(), config.allow_non_loopback(),
				HEARTBEAT_SECONDS, NO_HEARTBEAT_SECONDS);
	}

	/** Members as the configuration writes them: {@code HOST[:PORT]} separated by commas. */
	static List<String> parseMembers(String text) {
		List<String> members = new ArrayList<>();
		for (String part : text.split(",")) {
			if (!part.isBlank()) {
				members.add(part.strip());
			}
		}
		return members;
	}

	/** {@code host:port} of a configured member; the port defaults to this member's. */
	static String address(String member, int defaultPort) {
		int colon = member.lastIndexOf(':');
		if (colon < 0) {
			return member + ":" + defaultPort;
		}
		String port = member.substring(colon + 1);
		try {
			int p = Integer.parseInt(port);
			if (p < 1 || p > 65535 || colon == 0) {
				throw new NumberFormatException();
			}
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("members: \"" + member + "\" is not HOST[:PORT]");
		}
		return member;
	}

	/** The members to join as {@code host:port}. */
	List<String> memberAddresses() {
		return members.stream().map(m -> address(m, port)).toList();
	}

	static boolean isLoopback(String host) {
		try {
			return InetAddress.getByName(host).isLoopbackAddress();
		} catch (UnknownHostException e) {
			throw new IllegalArgumentException("bind.interface " + host + " is not an address of this machine");
		}
	}
}
