/** Backstop sweep. */
package io.backstop.sweep;
