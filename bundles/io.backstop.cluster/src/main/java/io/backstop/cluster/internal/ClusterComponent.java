package io.backstop.cluster.internal;

import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.cluster.Cluster;
import io.backstop.cluster.ClusterMember;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopEvents;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.TypedConfiguration;
import io.backstop.sweep.RangeExecutor;
import io.backstop.sweep.RangeWorker;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;

/**
 * The cluster as the DS runtime wires it: off unless the configuration {@link Cluster#PID} or the
 * system property {@value #ENABLED_PROPERTY} turns it on (the {@code ./backstop --cluster} options
 * set the system properties, which win over the configuration). The member starts on its own
 * thread, so that joining does not hold up the application. Also the sweeps' remote executor, the
 * emergency stop's {@code cluster.stop} step, and the handler that carries a reset to every member.
 */
@Component(service = { Cluster.class, RangeExecutor.class, Stoppable.class, EventHandler.class,
		ClusterComponent.class }, immediate = true,
		configurationPid = Cluster.PID, property = { Stoppable.ORDER + ":Integer=100",
				Stoppable.TIMEOUT_MS + ":Long=5000", EventConstants.EVENT_TOPIC + "=" + StopEvents.RESET })
@Designate(ocd = ClusterConfiguration.class)
public class ClusterComponent implements Cluster, RangeExecutor, Stoppable, EventHandler {

	private static final Logger LOG = Logger.getLogger(ClusterComponent.class.getName());

	static final String ENABLED_PROPERTY = "backstop.cluster";
	static final String NAME_PROPERTY = "backstop.cluster.name";
	static final String PORT_PROPERTY = "backstop.cluster.port";
	static final String MEMBERS_PROPERTY = "backstop.cluster.members";

	private final LazyService<SweepService> sweeps = new LazyService<>();
	private final LazyService<EmergencyStop> emergencyStop = new LazyService<>();
	private volatile ClusterNode node;
	private volatile String startProblem = "";
	private volatile ClusterSettings settings = ClusterSettings.OFF;
	private final ClusterStopStep step = new ClusterStopStep(() -> node);
	private final NodeRangeExecutor ranges = new NodeRangeExecutor(() -> node);
	private BundleContext context;

	@Reference(service = SweepService.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	void bindSweeps(ServiceReference<SweepService> reference) {
		sweeps.bind(reference);
	}

	void unbindSweeps(ServiceReference<SweepService> reference) {
		sweeps.unbind(reference);
	}

	@Reference(service = EmergencyStop.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	void bindEmergencyStop(ServiceReference<EmergencyStop> reference) {
		emergencyStop.bind(reference);
	}

	void unbindEmergencyStop(ServiceReference<EmergencyStop> reference) {
		emergencyStop.unbind(reference);
	}

	@Activate
	void activate(BundleContext bundleContext, ClusterConfiguration config) {
		context = bundleContext;
		sweeps.activate(bundleContext);
		emergencyStop.activate(bundleContext);
		apply(config);
	}

	@Modified
	void modified(ClusterConfiguration config) {
		apply(config);
	}

	private synchronized void apply(ClusterConfiguration config) {
		ClusterSettings configured;
		try {
			configured = withSystemProperties(TypedConfiguration.apply(Cluster.PID, ClusterConfiguration.class, config,
					ClusterSettings::of, settings));
		} catch (IllegalArgumentException e) {
			startProblem = "cluster not started: " + e.getMessage();
			LOG.warning(startProblem);
			return;
		}
		if (configured.equals(settings) && (node != null || !configured.enabled())) {
			return;
		}
		leave();
		settings = configured;
		startProblem = "";
		if (configured.enabled()) {
			Thread starter = new Thread(() -> join(configured), "cluster-join");
			starter.setDaemon(true);
			starter.start();
		}
	}

	/** The {@code ./backstop --cluster} options, which win over the configuration. */
	private ClusterSettings withSystemProperties(ClusterSettings configured) {
		String enabled = context.getProperty(ENABLED_PROPERTY);
		String name = context.getProperty(NAME_PROPERTY);
		String port = context.getProperty(PORT_PROPERTY);
		String members = context.getProperty(MEMBERS_PROPERTY);
		if (enabled == null && name == null && port == null && members == null) {
			return configured;
		}
		int portNumber;
		try {
			portNumber = port == null || port.isBlank() ? configured.port() : Integer.parseInt(port.strip());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("--cluster-port " + port + " is not a TCP port (1 to 65535)");
		}
		return new ClusterSettings(enabled == null ? configured.enabled() : Boolean.parseBoolean(enabled),
				name == null || name.isBlank() ? configured.clusterName() : name.strip(), portNumber,
				members == null ? configured.members() : ClusterSettings.parseMembers(members),
				configured.bindInterface(), configured.allowNonLoopback(), configured.heartbeatSeconds(),
				configured.noHeartbeatSeconds());
	}

	private void join(ClusterSettings configured) {
		try {
			ClusterNode started = new ClusterNode(configured, sweeps::get, emergencyStop::get);
			synchronized (this) {
				if (settings != configured) {
					started.close();
					return;
				}
				node = started;
			}
			LOG.info(() -> "cluster " + configured.clusterName() + ": member " + started.address() + " of "
					+ (started.others().size() + 1));
			started.problems().forEach(LOG::warning);
		} catch (RuntimeException e) {
			startProblem = "cluster not started on " + configured.bindInterface() + ":" + configured.port() + ": "
					+ e.getMessage();
			LOG.log(Level.WARNING, startProblem, e);
		}
	}

	@Deactivate
	synchronized void deactivate() {
		leave();
		settings = ClusterSettings.OFF;
		sweeps.release();
		emergencyStop.release();
	}

	private void leave() {
		ClusterNode running = node;
		node = null;
		if (running != null) {
			running.close();
		}
	}

	/** The running member, or null (for the report step). */
	ClusterNode node() {
		return node;
	}

	@Override
	public boolean isRunning() {
		return node != null;
	}

	@Override
	public String name() {
		return node == null ? "" : settings.clusterName();
	}

	@Override
	public int memberCount() {
		ClusterNode n = node;
		return n == null ? 0 : n.others().size() + 1;
	}

	@Override
	public List<ClusterMember> members() {
		ClusterNode n = node;
		return n == null ? List.of() : n.members(1000);
	}

	@Override
	public List<String> problems() {
		ClusterNode n = node;
		if (n == null) {
			return startProblem.isEmpty() ? List.of() : List.of(startProblem);
		}
		return n.problems();
	}

	@Override
	public List<RangeWorker> workers(String sweepId, SweepSpec spec) {
		return ranges.workers(sweepId, spec);
	}

	@Override
	public String localName() {
		return ranges.localName();
	}

	@Override
	public List<RangeWorker> newWorkers(String sweepId, SweepSpec spec, Set<String> present) {
		return ranges.newWorkers(sweepId, spec, present);
	}

	@Override
	public String id() {
		return step.id();
	}

	@Override
	public String label() {
		return step.label();
	}

	@Override
	public StepResult stop(StopContext stopContext) throws Exception {
		return step.stop(stopContext);
	}

	/** A reset here lowers the signal of every member; theirs come back here and change nothing. */
	@Override
	public void handleEvent(Event event) {
		ClusterNode n = node;
		if (n != null) {
			n.resetOthers();
		}
	}
}
