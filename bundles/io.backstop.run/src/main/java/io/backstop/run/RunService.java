package io.backstop.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;

/**
 * The one application layer: opens data, starts and tracks backtests, sweeps, LLM runs, searches and
 * walk-forward analyses, and keeps their results. Registered as an OSGi service. Every front end calls this and only shows
 * what it answers.
 * <p>
 * Errors are one line for people: an {@link IllegalArgumentException} naming the field, file and
 * line; {@code io.backstop.estop.api.WorkRefusedException} while the emergency stop is raised
 * (new work is refused until it is reset). The emergency stop halts every run: sweeps through the
 * sweep engine's step, LLM runs through the agent's, searches and walk-forwards through the
 * optimisation service's, backtests and recomputations through this
 * service's own step {@value #HALT_STEP_ID} (order 100). What each notices is posted under
 * {@link RunEvents#TOPIC_ALL}.
 */
public interface RunService {

	/** The emergency stop step that halts this service's backtests and recomputations. */
	String HALT_STEP_ID = "run.halt";

	// --- data

	/**
	 * Opens the bundled BTCUSDT 5-minute sample and makes it the open series.
	 *
	 * @throws IOException when the sample is not installed
	 */
	OhlcvSeries openSample() throws IOException;

	/**
	 * Opens a market data file of any format {@link io.backstop.data.OhlcvFiles} reads (a CSV file,
	 * an exchange's zip of kline CSVs) through the {@link io.backstop.data.DataLibrary} (its strict
	 * mode applies) and makes it the open series. The emergency stop halts a long load.
	 *
	 * @throws IOException one line naming the file, line and field of the first problem
	 * @throws java.util.concurrent.CancellationException when the stop halted the load
	 */
	OhlcvSeries open(Path file) throws IOException;

	/**
	 * Opens a symbol and timeframe of the {@link io.backstop.data.DataLibrary} (resampled from the
	 * symbol's finer data when it has no files of that timeframe) and makes it the open series.
	 *
	 * @throws IllegalArgumentException naming what the library holds when it has neither
	 * @throws IOException              one line naming the file and line of the first problem
	 * @throws java.util.concurrent.CancellationException when the stop halted the load
	 */
	OhlcvSeries open(String symbol, String timeframe) throws IOException;

	/**
	 * Makes the open series, resampled to a longer timeframe ({@code 15m}, {@code 1h}, {@code 4h},
	 * {@code 1d}), the open series, for every new run.
	 *
	 * @throws IllegalArgumentException naming the timeframe when it is not a whole multiple of the open
	 *                                  series' bar length, or when no series is open
	 */
	OhlcvSeries resample(String timeframe);

	/** The open series, which every new run uses. */
	Optional<OhlcvSeries> series();

	// --- what can be run

	/** Every strategy, in catalogue order. */
	List<Strategy> strategies();

	/** @throws IllegalArgumentException naming the known ids when {@code id} is unknown */
	Strategy strategy(String id);

	/**
	 * The bundle that contributed a strategy, as its symbolic name and version
	 * ({@code io.backstop.strategies.examples 0.1.0}); empty when the strategy is no longer offered.
	 */
	Optional<String> contributor(Strategy strategy);

	/** The metrics an objective of {@code kind} can name for a strategy, in display order. */
	List<String> metrics(RunKind kind, String strategyId);

	/**
	 * Checks a request against its strategy and the open series, as {@link #start(RunRequest)} does.
	 *
	 * @throws IllegalArgumentException one line naming the field (strategy, parameter, objective, data,
	 *                                  from/to) or the limit a sweep's grid exceeds
	 * @throws IllegalStateException    when the engine the kind needs is not running
	 */
	void validate(RunRequest request);

	// --- runs

	/**
	 * Validates the request and starts the run on the open series' bars within its date range; returns
	 * at once. A request that does not start is posted as {@link RunEvents#REFUSED} with the reason.
	 *
	 * @throws IllegalArgumentException one line naming the field
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 * @throws IllegalStateException when the engine a kind needs is not running
	 */
	RunHandle start(RunRequest request);

	/**
	 * A result row's backtest once more, as a new backtest: its strategy, parameters and settings on the
	 * bars it ran on (its data set, whatever data is open now, and its warm-up bars); returns at once.
	 *
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 * @throws IllegalArgumentException when its strategy is no longer offered
	 */
	RunHandle again(ResultRow row);

	/**
	 * Continues a halted, cancelled or failed sweep, search or walk-forward from its files on disk: the id
	 * of one (a search's or walk-forward's found in the searches directory after a restart too), or the
	 * path of its directory (or checkpoint file). A sweep reads its bars back itself; a search or
	 * walk-forward runs on the open series' bars when they are those it ran on, else on those of the file
	 * it was read from. A resumed search replays its evaluations on file through its algorithm with its
	 * seed, so it ends with the evaluations and best an uninterrupted run has.
	 *
	 * @param settings null to keep the checkpoint's settings; otherwise they must equal them (a search or
	 *                 walk-forward takes none)
	 * @throws IllegalArgumentException one line naming the setting that differs from the checkpoint, or the
	 *                                  data a search needs opened
	 * @throws IllegalStateException    when it is running or complete
	 * @throws IOException              when the checkpoint or its series cannot be read
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 */
	default RunHandle resume(String idOrDirectory, RunSettings settings) throws IOException {
		return resume(idOrDirectory, settings, false);
	}

	/**
	 * As {@link #resume(String, RunSettings)}; with {@code cluster}, the rest of the sweep's ranges go
	 * to the other cluster members too, whether it ran on the cluster before or not.
	 */
	RunHandle resume(String idOrDirectory, RunSettings settings, boolean cluster) throws IOException;

	/**
	 * Runs of this session, oldest first, finished ones included. A resumed sweep keeps its id and is
	 * listed once, by the handle of its latest resume.
	 */
	List<RunHandle> runs();

	Optional<RunHandle> find(String id);

	/**
	 * Cancels a run (see {@link RunHandle#cancel()}).
	 *
	 * @return false when unknown or already ended
	 */
	boolean cancel(String id);

	/** The search of a {@link RunKind#SEARCH} run of this session: its evaluations and best-so-far curve. */
	Optional<io.backstop.optimise.SearchHandle> search(String id);

	/** The analysis of a {@link RunKind#WALK_FORWARD} run of this session: its windows and stitched equity. */
	Optional<io.backstop.optimise.WalkForwardHandle> walkForward(String id);

	/**
	 * The overfitting checks of a finished search or sweep by id: the Deflated Sharpe Ratio of its best
	 * given its trials, and the Probability of Backtest Overfitting of its valid trials.
	 *
	 * @throws IllegalArgumentException for an unknown id, or fewer than two valid trials
	 * @throws IllegalStateException    while it runs, or when the optimisation service is not running
	 * @throws java.util.concurrent.CancellationException when the emergency stop halts the checks' backtests
	 */
	io.backstop.optimise.OverfitReport overfit(String id);

	/**
	 * A search's objective over every grid value of two of its parameters: cells no evaluation reached are
	 * marked not evaluated; the other parameters best-of, or fixed at the best's values.
	 *
	 * @throws IllegalArgumentException for an unknown search or parameter
	 */
	io.backstop.optimise.Heatmap heatmap(String searchId, String x, String y, boolean bestOf);

	// --- results

	/** Every row, in the order they arrived. */
	List<ResultRow> results();

	/**
	 * The row's full result with its equity curve and trades: the one kept, or recomputed in the
	 * background with the row's strategy, parameters, settings and series (measured after its warm-up
	 * bars) and then kept with the row.
	 * Completes exceptionally with {@code WorkRefusedException} while the stop is raised, and with
	 * {@link java.util.concurrent.CancellationException} when the stop halts the recomputation.
	 */
	CompletableFuture<BacktestResult> detail(ResultRow row);

	/** Removes every row. */
	void clearResults();

	/**
	 * Writes rows to a CSV file: number, run, strategy, data set, status, every parameter and figure,
	 * the settings; full precision, an empty field for a figure that is not a number. Replaces the file.
	 *
	 * @throws IOException naming the file when it cannot be written
	 */
	void exportResults(List<ResultRow> rows, Path file) throws IOException;

	/**
	 * Writes a row's trades to a CSV file (side, entry and exit time and price, quantity, PnL, return,
	 * fees, exit reason), recomputing them as {@link #detail(ResultRow)} does when only the figures were
	 * kept. Completes with the file, or exceptionally as {@code detail} does or with the
	 * {@link IOException} naming the file.
	 */
	CompletableFuture<Path> exportTrades(ResultRow row, Path file);

	/** What {@link #dropCurves()} let go. */
	record ReleasedCurves(int curves, long bytes) {
	}

	/**
	 * Lets go of the full results rows hold (equity curves, trades); rows keep their figures and
	 * {@link #detail(ResultRow)} recomputes a curve when asked again.
	 */
	ReleasedCurves dropCurves();
}
