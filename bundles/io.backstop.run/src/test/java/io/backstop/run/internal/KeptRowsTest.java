package io.backstop.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.run.RunRequest;

/** A search resumed after a restart adds as many rows as the request that started it asked for. */
class KeptRowsTest {

	@TempDir
	Path searchDirectory;

	@Test
	void theTopKRecordedBesideASearchsFilesIsReadBack() {
		KeptRows.write(searchDirectory, 5);
		assertEquals(5, KeptRows.read(searchDirectory));
		KeptRows.write(searchDirectory, 250);
		assertEquals(250, KeptRows.read(searchDirectory), "the last recorded");
	}

	@Test
	void aSearchWithoutTheRecordOrWithADamagedOneAddsTheDefault() throws Exception {
		assertEquals(RunRequest.DEFAULT_TOP_K, KeptRows.read(searchDirectory), "a search started before it was kept");
		Files.writeString(searchDirectory.resolve(KeptRows.FILE), "topK=many\n");
		assertEquals(RunRequest.DEFAULT_TOP_K, KeptRows.read(searchDirectory));
		Files.writeString(searchDirectory.resolve(KeptRows.FILE), "topK=0\n");
		assertEquals(RunRequest.DEFAULT_TOP_K, KeptRows.read(searchDirectory));
	}

	@Test
	void aDirectoryThatCannotBeWrittenLeavesTheSearchRunning() {
		KeptRows.write(searchDirectory.resolve("gone"), 5);
		assertEquals(RunRequest.DEFAULT_TOP_K, KeptRows.read(searchDirectory.resolve("gone")));
	}
}
