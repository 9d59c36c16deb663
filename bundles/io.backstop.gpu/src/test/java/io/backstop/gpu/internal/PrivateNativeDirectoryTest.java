package io.backstop.gpu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where JCuda's native libraries are written before they are loaded. */
class PrivateNativeDirectoryTest {

	@TempDir
	Path shared;
	private String originalTemporaryDirectory;

	@BeforeEach
	void useATemporaryDirectoryOfTheTestsOwn() {
		originalTemporaryDirectory = System.getProperty(PrivateNativeDirectory.TEMPORARY_DIRECTORY);
		System.setProperty(PrivateNativeDirectory.TEMPORARY_DIRECTORY, shared.toString());
	}

	@AfterEach
	void restore() {
		System.setProperty(PrivateNativeDirectory.TEMPORARY_DIRECTORY, originalTemporaryDirectory);
	}

	@Test
	void nativesAreWrittenToANewDirectoryOnlyTheOwnerCanOpenWhichIsGoneAfterwards() throws IOException {
		Path[] during = new Path[2];
		String[] permissions = new String[2];
		for (int i = 0; i < 2; i++) {
			int load = i;
			PrivateNativeDirectory.load(() -> {
				during[load] = Path.of(System.getProperty(PrivateNativeDirectory.TEMPORARY_DIRECTORY));
				try {
					permissions[load] = PosixFilePermissions.toString(Files.getPosixFilePermissions(during[load]));
					Files.writeString(during[load].resolve("libJCudaDriver-12.6.0-linux-x86_64.so"), "extracted");
				} catch (IOException e) {
					throw new AssertionError(e);
				}
				return null;
			});
		}

		assertEquals(shared, during[0].getParent(), "a directory of its own under the temporary directory");
		assertNotEquals(shared, during[0]);
		assertNotEquals(during[0], during[1], "a new name each time: none another user could prepare");
		assertEquals(List.of("rwx------", "rwx------"), List.of(permissions));
		assertEquals(shared.toString(), System.getProperty(PrivateNativeDirectory.TEMPORARY_DIRECTORY), "restored");
		assertFalse(Files.exists(during[0]) || Files.exists(during[1]), "deleted once loaded");
		assertTrue(listing(shared).isEmpty(), "nothing left in the shared directory: " + listing(shared));
	}

	@Test
	void openingJCudaNeverWritesItsLibraryUnderAFixedNameInTheSharedDirectory() throws IOException {
		GpuRuntime runtime = new GpuRuntime();
		runtime.select(0);

		boolean available = runtime.available();

		System.out.println("JCuda here: " + (available ? "available" : runtime.unavailableReason()));
		assertTrue(listing(shared).isEmpty(), "the shared temporary directory was used: " + listing(shared));
		assertEquals(shared.toString(), System.getProperty(PrivateNativeDirectory.TEMPORARY_DIRECTORY));
		if (!available) {
			assertFalse(runtime.unavailableReason().contains(shared + "/libJCuda"), runtime.unavailableReason());
		}
		runtime.deactivate();
	}

	private static List<String> listing(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.map(path -> path.getFileName().toString()).toList();
		}
	}
}
