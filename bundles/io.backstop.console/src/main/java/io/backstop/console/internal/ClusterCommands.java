package io.backstop.console.internal;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.backstop.cluster.Cluster;
import io.backstop.cluster.ClusterMember;

/** {@code backstop:cluster}: the cluster's members, or why there is none. */
@Component(service = ClusterCommands.class, property = { "osgi.command.scope=backstop",
		"osgi.command.function=cluster" })
public class ClusterCommands {

	static final String USAGE = "backstop:cluster   (start with ./backstop --cluster to join one)";

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile Cluster cluster;

	@Descriptor("list the cluster's members: address, cores, load, running work")
	public void cluster(CommandSession session, String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:cluster", USAGE, args, () -> {
			Arguments.parse(args, Set.of(), Set.of()).atMost(0);
			out.print(describe(cluster));
		});
	}

	static String describe(Cluster cluster) {
		StringBuilder text = new StringBuilder();
		if (cluster == null || !cluster.isRunning()) {
			text.append("Clustering is off: start with ./backstop --cluster (or turn it on in Preferences) to join one\n");
		} else {
			var members = cluster.members();
			text.append("Cluster ").append(cluster.name()).append(": ").append(members.size())
					.append(members.size() == 1 ? " member" : " members").append('\n');
			TextTable table = TextTable.of("address", ">cores", ">load", "running work");
			for (ClusterMember m : members) {
				table.row(m.address() + (m.local() ? " (this one)" : ""), m.answered() ? m.cores() : "?",
						m.load() < 0 ? "—" : String.format(Locale.ROOT, "%.2f", m.load()),
						m.answered() ? m.runningWork() : "did not answer");
			}
			text.append(table.render());
		}
		if (cluster != null) {
			cluster.problems().forEach(p -> text.append(p).append('\n'));
		}
		return text.toString();
	}
}
