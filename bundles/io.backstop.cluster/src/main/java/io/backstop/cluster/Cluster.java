package io.backstop.cluster;

import java.util.List;

/**
 * This Backstop's membership of a cluster of Backstops (off by default). Registered as an OSGi
 * service; configured under {@link #PID}.
 */
public interface Cluster {

	/** The configuration: on or off, cluster name, port, members to join, interface. */
	String PID = "io.backstop.cluster";

	/** The emergency stop's step (order 100) that sends the stop to every other member. */
	String STOP_STEP_ID = "cluster.stop";

	/**
	 * The emergency stop's step (order 550) that collects the other members' reports: its components
	 * cleaned are the members' lines ("127.0.0.1:5702: sweep.halt CLEANED, ...; RAM freed ..."), the
	 * report's cluster section; its detail names the members that did not answer in time.
	 */
	String REPORT_STEP_ID = "cluster.report";

	/** True while this Backstop is a member of a running cluster. */
	boolean isRunning();

	/** The cluster's name, or empty when clustering is off. */
	String name();

	/** How many members the cluster has now, this one included; 0 when clustering is off. Cheap: no member is asked. */
	int memberCount();

	/** The members, this one first, with what each says of itself; empty when clustering is off. */
	List<ClusterMember> members();

	/**
	 * One line per configured member that did not join, saying why (another cluster name, an
	 * incompatible Backstop version, or no answer), and why clustering did not start, if it did not.
	 */
	List<String> problems();
}
