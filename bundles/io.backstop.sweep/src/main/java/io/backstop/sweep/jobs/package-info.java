/** Sweeps as Eclipse Jobs, for the UI's progress view. */
package io.backstop.sweep.jobs;
