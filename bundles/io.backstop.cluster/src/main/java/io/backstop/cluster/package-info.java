/**
 * Backstop's cluster, behind an interface of its own so the engine underneath can be swapped:
 * {@link io.backstop.cluster.Cluster} says whether this member is in one and lists the members.
 * Distributed sweeps reach it through the sweep bundle's {@code RangeExecutor} whiteboard, the
 * cluster-wide emergency stop through a {@code Stoppable}.
 */
package io.backstop.cluster;
