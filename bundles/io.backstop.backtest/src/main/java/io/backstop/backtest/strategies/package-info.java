/**
 * The built-in strategies, each a {@link io.backstop.backtest.Strategy} service of this bundle
 * and a plain class for use without OSGi ({@code new SmaCrossoverStrategy()}).
 */
package io.backstop.backtest.strategies;
