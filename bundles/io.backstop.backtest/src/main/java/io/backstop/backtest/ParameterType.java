package io.backstop.backtest;

/** The type of a strategy parameter. Values travel as doubles; INT values are whole numbers. */
public enum ParameterType {
	INT, DOUBLE
}
