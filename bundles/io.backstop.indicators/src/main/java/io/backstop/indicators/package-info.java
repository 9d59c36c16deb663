/** Backstop indicators. */
package io.backstop.indicators;
