package io.backstop.builder;

import io.backstop.strategies.workspace.WorkspaceStrategy;

/**
 * What {@link BuilderService#promote} added to the workspace's strategies.
 *
 * @param strategy  the promoted source as its compile in the workspace left it
 * @param iteration the iteration promoted
 * @param defaults  for people, the defaults it was given: the best tested combination's values
 *                  ({@code defaults from the best tested combination: fast 12 -> 6}), or why it
 *                  keeps the model's
 */
public record Promotion(WorkspaceStrategy strategy, int iteration, String defaults) {
}
