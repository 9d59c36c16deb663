package io.backstop.optimise.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.Workspace;
import io.backstop.indicators.IndicatorCache;
import io.backstop.optimise.Heatmap;
import io.backstop.optimise.OptimiseService;
import io.backstop.optimise.OverfitReport;
import io.backstop.optimise.Placement;
import io.backstop.optimise.SavedRun;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.WalkForwardHandle;
import io.backstop.optimise.WalkForwardSpec;
import io.backstop.sweep.RangeExecutor;
import io.backstop.sweep.SweepService;

/**
 * The optimisation service and its emergency-stop step ({@value OptimiseService#HALT_STEP_ID}, order
 * 100) as the DS runtime wires them; searches live in the workspace's {@code searches}.
 */
@Component(service = { OptimiseService.class, Stoppable.class }, immediate = true,
		property = { Stoppable.ORDER + ":Integer=100", Stoppable.TIMEOUT_MS + ":Long=3000" })
public class OptimiseComponent implements OptimiseService, Stoppable {

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile StopSignal signal;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile IndicatorCache cache;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile SweepService sweeps;

	@Reference
	private StrategyRegistry registry;

	/** The cluster's members as sweeps use them (whiteboard): where a search placed on the cluster sends points. */
	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
			fieldOption = FieldOption.UPDATE)
	private final List<RangeExecutor> executors = new CopyOnWriteArrayList<>();

	private Optimiser optimiser;

	@Activate
	void activate(BundleContext context) {
		Workspace workspace = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA));
		optimiser = new Optimiser(workspace.resolve("searches"), () -> registry, () -> signal, () -> cache,
				() -> sweeps, () -> List.copyOf(executors));
		optimiser.warmUp();
	}

	@Deactivate
	void deactivate() {
		optimiser.cancelAll();
	}

	@Override
	public String id() {
		return HALT_STEP_ID;
	}

	@Override
	public String label() {
		return "Halt running searches and walk-forwards";
	}

	@Override
	public StepResult stop(StopContext context) {
		return optimiser.stop(context);
	}

	@Override
	public SearchHandle start(SearchSpec spec, Placement placement) {
		return optimiser.start(spec, placement);
	}

	@Override
	public List<SearchHandle> searches() {
		return optimiser.searches();
	}

	@Override
	public Optional<SearchHandle> search(String id) {
		return optimiser.search(id);
	}

	@Override
	public SearchHandle resume(String id, Placement placement) throws IOException {
		return optimiser.resume(id, placement);
	}

	@Override
	public SearchHandle resume(Path directory, OhlcvSeries series, Placement placement) throws IOException {
		return optimiser.resume(directory, series, placement);
	}

	@Override
	public WalkForwardHandle walkForward(WalkForwardSpec spec, Placement placement) {
		return optimiser.walkForward(spec, placement);
	}

	@Override
	public List<WalkForwardHandle> walkForwards() {
		return optimiser.walkForwards();
	}

	@Override
	public Optional<WalkForwardHandle> walkForwardRun(String id) {
		return optimiser.walkForwardRun(id);
	}

	@Override
	public WalkForwardHandle resumeWalkForward(String id, Placement placement) {
		return optimiser.resumeWalkForward(id, placement);
	}

	@Override
	public OverfitReport overfit(String id) {
		return optimiser.overfit(id);
	}

	@Override
	public Heatmap heatmap(String searchId, String x, String y, boolean bestOf) {
		return optimiser.heatmap(searchId, x, y, bestOf);
	}

	@Override
	public SavedRun saved(Path directory) throws IOException {
		return optimiser.saved(directory);
	}

	@Override
	public WalkForwardHandle resumeWalkForward(Path directory, OhlcvSeries series, Placement placement)
			throws IOException {
		return optimiser.resumeWalkForward(directory, series, placement);
	}

	@Override
	public boolean cancel(String id) {
		return optimiser.cancel(id);
	}

	@Override
	public Path searchesDirectory() {
		return optimiser.searchesDirectory();
	}
}
