package io.backstop.optimise;

import java.util.Map;

/**
 * One window of a walk-forward analysis.
 *
 * @param index            from 0
 * @param inFrom           first in-sample bar (index into the series)
 * @param inTo             end of the in-sample part (exclusive) and first out-of-sample bar
 * @param outTo            end of the out-of-sample part (exclusive)
 * @param searchId         the in-sample search
 * @param parameters       the in-sample best, tested out of sample; empty when the search found no valid one
 * @param inObjective      its objective in sample
 * @param outObjective     its objective out of sample
 * @param inAnnualReturn   its return in sample, annualised without compounding (return x bars a year / bars),
 *                         a fraction: windows of a few days compounded to a year would give absurd figures
 * @param outAnnualReturn  its return out of sample, annualised the same way
 * @param outMetrics       its figures out of sample ({@link io.backstop.sweep.SweepMetrics#FIGURES})
 * @param capital          the capital its out-of-sample test started with: the previous window's final
 *                         equity, the first window's the settings' capital
 */
public record WalkForwardWindow(int index, int inFrom, int inTo, int outTo, String searchId,
		Map<String, Double> parameters, double inObjective, double outObjective, double inAnnualReturn,
		double outAnnualReturn, Map<String, Double> outMetrics, double capital) {

	/**
	 * Walk-forward efficiency of this window: annualised out-of-sample return over annualised in-sample
	 * return (Pardo); NaN when the in-sample return is not positive.
	 */
	public double efficiency() {
		return inAnnualReturn > 0 ? outAnnualReturn / inAnnualReturn : Double.NaN;
	}
}
