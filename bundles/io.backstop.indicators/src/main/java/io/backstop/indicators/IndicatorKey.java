package io.backstop.indicators;

import java.util.Arrays;
import java.util.Objects;

/**
 * Identifies one computed indicator: the series' content fingerprint, the indicator's id and
 * its parameters in the indicator's documented order.
 */
public final class IndicatorKey {

	private final String seriesFingerprint;
	private final String indicator;
	private final double[] parameters;
	private final int hash;

	/**
	 * @param seriesFingerprint {@code OhlcvSeries.fingerprint()} of the input series
	 * @param indicator         the indicator's id ({@code sma}, {@code bollinger}, ...; see {@link Indicators})
	 * @param parameters        its parameters (copied)
	 */
	public IndicatorKey(String seriesFingerprint, String indicator, double... parameters) {
		this.seriesFingerprint = Objects.requireNonNull(seriesFingerprint, "seriesFingerprint");
		this.indicator = Objects.requireNonNull(indicator, "indicator");
		this.parameters = parameters.clone();
		for (int i = 0; i < this.parameters.length; i++) {
			if (this.parameters[i] == 0.0) {
				this.parameters[i] = 0.0; // -0.0 and 0.0 are one key
			}
		}
		this.hash = Objects.hash(seriesFingerprint, indicator, Arrays.hashCode(this.parameters));
	}

	public String seriesFingerprint() {
		return seriesFingerprint;
	}

	public String indicator() {
		return indicator;
	}

	/** A copy of the parameters. */
	public double[] parameters() {
		return parameters.clone();
	}

	/**
	 * The key as text, {@code sma(20)@<fingerprint>}: stable, used to name entries on disk
	 * (together with a hash of this text).
	 */
	public String text() {
		StringBuilder sb = new StringBuilder(indicator).append('(');
		for (int i = 0; i < parameters.length; i++) {
			if (i > 0) {
				sb.append(',');
			}
			double p = parameters[i];
			sb.append(p == Math.rint(p) && Math.abs(p) < 1e15 ? Long.toString((long) p) : Double.toString(p));
		}
		return sb.append(")@").append(seriesFingerprint).toString();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof IndicatorKey k && k.hash == hash && k.seriesFingerprint.equals(seriesFingerprint)
				&& k.indicator.equals(indicator) && Arrays.equals(k.parameters, parameters);
	}

	@Override
	public int hashCode() {
		return hash;
	}

	@Override
	public String toString() {
		return text();
	}
}
