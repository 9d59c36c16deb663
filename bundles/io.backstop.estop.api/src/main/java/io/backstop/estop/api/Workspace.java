package io.backstop.estop.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The user's workspace: the directory the OSGi instance area names (the product's {@code -data},
 * by default {@code ~/.backstop/workspace}). Every bundle finds its files under it through this
 * one type: sweep results, the stop history, the indicator cache, LLM run logs, the control
 * socket. It lives in this API because every bundle that keeps files already imports it.
 *
 * @param directory the workspace directory
 */
public record Workspace(Path directory) {

	/** The framework property that names the instance area, as a file URL. */
	public static final String INSTANCE_AREA = "osgi.instance.area";

	private static final System.Logger LOG = System.getLogger(Workspace.class.getName());

	public Workspace {
		directory = directory.toAbsolutePath().normalize();
	}

	/**
	 * The workspace the instance area names; without one (a bare OSGi runtime) or when it is not a
	 * file URL, the product's default {@code ~/.backstop/workspace}, so that every bundle still
	 * agrees on one place.
	 *
	 * @param instanceArea the value of {@value #INSTANCE_AREA}, or null
	 */
	public static Workspace of(String instanceArea) {
		if (instanceArea != null && !instanceArea.isBlank()) {
			try {
				return new Workspace(Path.of(new URI(instanceArea.replace(" ", "%20"))));
			} catch (URISyntaxException | IllegalArgumentException e) {
				LOG.log(System.Logger.Level.WARNING, "the instance area " + instanceArea
						+ " is not a file URL; using the default workspace " + userDefault().directory());
			}
		}
		return userDefault();
	}

	private static Workspace userDefault() {
		return new Workspace(Path.of(System.getProperty("user.home"), ".backstop", "workspace"));
	}

	/** A path inside the workspace. */
	public Path resolve(String first, String... more) {
		return directory.resolve(Path.of(first, more));
	}

	/** {@code .metadata/.plugins/<bundle>}: where Eclipse keeps a bundle's state in a workspace. */
	public Path bundleState(String bundle) {
		return resolve(".metadata", ".plugins", bundle);
	}
}
