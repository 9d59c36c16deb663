/** The sweep engine: worker pool, results file, checkpoints, emergency-stop step. Not API. */
package io.backstop.sweep.internal;
