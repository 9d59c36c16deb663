package io.backstop.memory;

import java.util.ArrayList;
import java.util.List;

/** A real managed cache holding byte arrays. */
public final class TestCache implements ManagedCache {

	private final String name;
	private final List<byte[]> entries = new ArrayList<>();
	private final boolean failing;

	public TestCache(String name, int... entrySizes) {
		this(name, false, entrySizes);
	}

	private TestCache(String name, boolean failing, int... entrySizes) {
		this.name = name;
		this.failing = failing;
		for (int size : entrySizes) {
			entries.add(new byte[size]);
		}
	}

	/** A cache whose clear() throws, as a buggy one would. */
	public static TestCache failing(String name, int... entrySizes) {
		return new TestCache(name, true, entrySizes);
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public synchronized long sizeBytes() {
		return entries.stream().mapToLong(e -> e.length).sum();
	}

	@Override
	public synchronized long clear() {
		if (failing) {
			throw new IllegalStateException("disk cache locked");
		}
		long size = sizeBytes();
		entries.clear();
		return size;
	}

	public synchronized void put(int size) {
		entries.add(new byte[size]);
	}
}
