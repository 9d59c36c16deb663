package io.backstop.optimise;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** A walk-forward analysis the {@link OptimiseService} started. Thread-safe. */
public interface WalkForwardHandle {

	String id();

	WalkForwardSpec spec();

	/** The windows done so far and the stitched curve; cheap enough to poll. */
	WalkForwardResult result();

	/** The window whose search runs now, from 0; {@code spec().windows()} once all are done. */
	int currentWindow();

	/** Its directory: one search directory per window and {@code windows.csv}. */
	Path directory();

	/** Completes when it has ended; never exceptionally. */
	CompletableFuture<WalkForwardResult> completion();

	/** @return false when it had already ended */
	boolean cancel();
}
