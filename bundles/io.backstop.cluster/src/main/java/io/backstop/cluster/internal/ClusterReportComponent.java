package io.backstop.cluster.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;

/** The emergency stop's {@code cluster.report} step (order 550) as the DS runtime wires it. */
@Component(service = Stoppable.class, property = { Stoppable.ORDER + ":Integer=550",
		Stoppable.TIMEOUT_MS + ":Long=5000" })
public class ClusterReportComponent implements Stoppable {

	@Reference
	private ClusterComponent cluster;

	private final ClusterReportStep step = new ClusterReportStep(() -> cluster.node());

	@Override
	public String id() {
		return step.id();
	}

	@Override
	public String label() {
		return step.label();
	}

	@Override
	public StepResult stop(StopContext context) throws Exception {
		return step.stop(context);
	}
}
