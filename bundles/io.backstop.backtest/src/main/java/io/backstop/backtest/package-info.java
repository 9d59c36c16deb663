/** Backstop backtest. */
package io.backstop.backtest;
