/**
 * Technical indicators computed into primitive arrays ({@link io.backstop.indicators.Indicators}),
 * and the indicator cache service ({@link io.backstop.indicators.IndicatorCache}) that shares them
 * between runs on the same series: an in-memory LRU bounded in bytes plus a disk cache in the
 * workspace.
 */
package io.backstop.indicators;
