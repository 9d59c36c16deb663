package io.backstop.optimise;

import java.util.Locale;

/**
 * Overfitting checks of a search's or sweep's best result.
 *
 * @param subject                 what was checked: "search ID" or "sweep ID"
 * @param trials                  valid evaluations: the number of trials the best was chosen from
 * @param deflatedSharpe          the Deflated Sharpe Ratio of the best evaluation
 * @param backtestOverfitting     the Probability of Backtest Overfitting of the search
 */
public record OverfitReport(String subject, int trials, DeflatedSharpe deflatedSharpe, BacktestOverfitting backtestOverfitting) {

	/**
	 * The Deflated Sharpe Ratio (Bailey and López de Prado, 2014): the probability that the best's true
	 * Sharpe ratio is above zero, given how many trials it was the best of, how much their Sharpe ratios
	 * vary, and its returns' skewness and kurtosis. Sharpe ratios here are per bar, not annualised.
	 *
	 * @param sharpe            the best's per-bar Sharpe ratio
	 * @param expectedMaxSharpe the Sharpe ratio the best of {@code trials} trials of no skill would show
	 * @param trials            the trials
	 * @param sharpeVariance    the variance of the trials' per-bar Sharpe ratios
	 * @param observations      the best's per-bar returns
	 * @param skewness          of those returns
	 * @param kurtosis          of those returns (3 for a normal distribution)
	 * @param probability       the deflated Sharpe ratio, 0..1
	 */
	public record DeflatedSharpe(double sharpe, double expectedMaxSharpe, int trials, double sharpeVariance,
			long observations, double skewness, double kurtosis, double probability) {

		/** One line for people. */
		public String reading() {
			String verdict = probability >= 0.95 ? "likely real skill"
					: probability >= 0.5 ? "not distinguishable from luck at 95 %" : "most likely luck";
			return String.format(Locale.ROOT, "Deflated Sharpe %.1f %%: %s after %,d trials", probability * 100, verdict,
					trials);
		}
	}

	/**
	 * The Probability of Backtest Overfitting by combinatorially symmetric cross-validation (Bailey,
	 * Borwein, López de Prado and Zhu, 2015): the share of in-sample/out-of-sample splits of the bars in
	 * which the trial best in sample ranks below the median out of sample.
	 *
	 * @param probability  PBO, 0..1
	 * @param partitions   the blocks the bars were cut into (S)
	 * @param combinations the splits evaluated (S choose S/2)
	 * @param trials       the trials compared
	 * @param logits       each split's logit of the in-sample best's relative out-of-sample rank
	 */
	public record BacktestOverfitting(double probability, int partitions, int combinations, int trials,
			double[] logits) {

		/** One line for people. */
		public String reading() {
			String verdict = probability < 0.1 ? "the in-sample best holds up out of sample"
					: probability < 0.5 ? "the in-sample best is often beaten out of sample"
							: "the in-sample best usually fails out of sample: overfit";
			return String.format(Locale.ROOT, "PBO %.1f %%: %s (%,d splits, %,d trials)", probability * 100, verdict,
					combinations, trials);
		}
	}
}
