package io.backstop.run.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.optimise.Placement;
import io.backstop.optimise.SavedRun;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.WalkForwardSpec;
import io.backstop.run.ParameterInput;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunRequest;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;

/**
 * Searches and walk-forwards as the optimisation service takes them: a request read into a spec (each
 * problem one line naming the field), a spec read back into a request, and the bars a search saved on
 * disk ran on.
 */
final class Searches {

	private Searches() {
	}

	/** The search a request asks for, on {@code bars}: the parameters given as grids, the others their default sweep ranges. */
	static SearchSpec spec(RunRequest request, Strategy strategy, OhlcvSeries bars) {
		List<ParameterRange> ranges = new ArrayList<>();
		for (Map.Entry<String, ParameterInput> given : request.parameters().entrySet()) {
			ranges.add(ParameterRange.values(given.getKey(),
					given.getValue().values(strategy.parameter(given.getKey()).orElseThrow())));
		}
		RunRequest.Search search = request.search();
		RunObjective objective = request.objective();
		return new SearchSpec(strategy.id(), bars, ranges, request.settings(),
				objective.maximise() ? Objective.maximize(objective.metric()) : Objective.minimize(objective.metric()),
				SearchMethod.parse(search.method()), search.budget(), search.seed(), search.patience());
	}

	/** Where a request's search evaluates its points: the request's workers here, and the cluster's members when asked. */
	static Placement placement(RunRequest request) {
		return new Placement(request.workers(), request.cluster());
	}

	/** The walk-forward a request asks for, on {@code bars}. */
	static WalkForwardSpec walkForward(RunRequest request, Strategy strategy, OhlcvSeries bars) {
		SearchSpec search = spec(request, strategy, bars);
		RunRequest.WalkForward w = request.walkForward();
		if (w.isHoldout()) {
			if (w.holdoutBars() > bars.size() - WalkForwardSpec.MIN_BARS) {
				throw new IllegalArgumentException(String.format(Locale.ROOT,
						"holdout: %,d bars leave fewer than %d of the %,d bars to optimise on", w.holdoutBars(),
						WalkForwardSpec.MIN_BARS, bars.size()));
			}
			return WalkForwardSpec.holdout(search, w.holdoutBars());
		}
		return new WalkForwardSpec(search, w.windows(), w.inBars(), w.outBars(), w.anchored());
	}

	/** A request that asks for {@code spec} again (a resumed search's). */
	static RunRequest request(SearchSpec spec, RunKind kind) {
		RunRequest.Builder request = RunRequest.builder(kind, spec.strategyId()).settings(spec.settings())
				.objective(new RunObjective(spec.objective().metric(),
						spec.objective().direction() == Objective.Direction.MAXIMIZE))
				.search(new RunRequest.Search(spec.method().label(), spec.budget(), spec.seed(), spec.patience()));
		Requests.inputsOf(spec.ranges()).forEach(request::parameter);
		return request.build();
	}

	/** A request that asks for {@code spec} again (a resumed walk-forward's). */
	static RunRequest request(WalkForwardSpec spec) {
		return request(spec.search(), RunKind.WALK_FORWARD).toBuilder()
				.walkForward(new RunRequest.WalkForward(spec.windows(), spec.inBars(), spec.outBars(), spec.anchored(), 0))
				.build();
	}

	/** The bars of {@code series} a saved search ran on, when it has them all. */
	static Optional<OhlcvSeries> bars(OhlcvSeries series, SavedRun saved) {
		long[] times = series.timestamps();
		int from = Arrays.binarySearch(times, saved.firstTime());
		int to = from + saved.bars();
		if (from < 0 || to > times.length || times[to - 1] != saved.lastTime()) {
			return Optional.empty();
		}
		OhlcvSeries bars = from == 0 && to == times.length ? series : series.slice(from, to);
		return bars.fingerprint().equals(saved.fingerprint()) ? Optional.of(bars) : Optional.empty();
	}

	/** The data file a saved search's series was read from; null when it is not a file here. */
	static Path sourceFile(SavedRun saved) {
		try {
			Path file = Path.of(saved.seriesSource());
			return Files.isRegularFile(file) ? file : null;
		} catch (InvalidPathException e) {
			return null;
		}
	}
}
