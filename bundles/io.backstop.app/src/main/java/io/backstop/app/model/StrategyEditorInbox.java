package io.backstop.app.model;

import java.nio.file.Path;

import org.eclipse.e4.core.di.annotations.Creatable;

import jakarta.inject.Singleton;

/** The strategy source the Strategies view hands to the strategy editor to open. */
@Creatable
@Singleton
public class StrategyEditorInbox extends Inbox<Path> {
}
