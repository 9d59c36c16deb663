package io.backstop.gpu.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Where JCuda extracts its native libraries: a new directory only this user can open, never the
 * shared temporary directory. JCuda's loader writes each library under a fixed name into
 * {@code java.io.tmpdir} and loads a file already there as it is, so in a shared directory any
 * local user could plant the library this process then loads. The loader has no option of its
 * own for the directory and reads the property at each load, so the property points to the
 * private directory while JCuda loads, and is restored at once; the libraries stay mapped after
 * their files are deleted.
 */
final class PrivateNativeDirectory {

	static final String TEMPORARY_DIRECTORY = "java.io.tmpdir";
	private static final String PREFIX = "backstop-jcuda-";

	/** Runs {@code loading} (code whose first use of a JCuda class loads its natives) with the private directory. */
	static <T> T load(Supplier<T> loading) {
		synchronized (PrivateNativeDirectory.class) {
			String shared = System.getProperty(TEMPORARY_DIRECTORY);
			Path directory = create(shared);
			System.setProperty(TEMPORARY_DIRECTORY, directory.toString());
			try {
				return loading.get();
			} finally {
				System.setProperty(TEMPORARY_DIRECTORY, shared);
				delete(directory);
			}
		}
	}

	private static Path create(String parent) {
		try {
			// created with these permissions (mkdir mode 0700), not changed after: no moment when others may enter
			return Files.createTempDirectory(Path.of(parent), PREFIX,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		} catch (IOException e) {
			throw new UncheckedIOException("no private directory for the JCuda native libraries under " + parent, e);
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		} catch (IOException e) {
			// only this user can open it; the next login's temporary cleanup removes what is left
		}
	}
}
