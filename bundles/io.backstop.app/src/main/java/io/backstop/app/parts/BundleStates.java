package io.backstop.app.parts;

import org.osgi.framework.Bundle;

final class BundleStates {

	private BundleStates() {
	}

	static String name(int state) {
		return switch (state) {
		case Bundle.ACTIVE -> "ACTIVE";
		case Bundle.RESOLVED -> "RESOLVED";
		case Bundle.STARTING -> "STARTING";
		case Bundle.STOPPING -> "STOPPING";
		case Bundle.INSTALLED -> "INSTALLED";
		default -> "UNINSTALLED";
		};
	}
}
