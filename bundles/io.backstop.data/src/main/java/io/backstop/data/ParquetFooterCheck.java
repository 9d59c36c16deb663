package io.backstop.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks a Parquet file's footer (Thrift compact protocol) before Hardwood reads it, checking that
 * every string, list and map it declares fits in the bytes the footer has left. Hardwood allocates
 * what a length claims before reading it, so one flipped length byte asked for gigabytes and ended
 * in an {@link OutOfMemoryError}; after this walk no claim exceeds the file's size.
 */
final class ParquetFooterCheck {

	/** Deeper nesting than Parquet's metadata ever has (a few levels) can only be corruption. */
	private static final int MAX_DEPTH = 32;

	private final String file;
	private final ByteBuffer footer;

	private ParquetFooterCheck(String file, ByteBuffer footer) {
		this.file = file;
		this.footer = footer;
	}

	/** Refuses, in one line, a file whose footer is missing or declares more than it holds. */
	static void check(Path path) throws IOException {
		String file = path.toString();
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			long size = channel.size();
			if (size < 12) {
				throw refused(file, "it holds " + size + " bytes, fewer than a Parquet file's 12 bytes of framing");
			}
			ByteBuffer tail = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
			channel.read(tail, size - 8);
			int length = tail.getInt(0);
			if (tail.getInt(4) != 0x3152_4150) { // "PAR1"
				throw refused(file, "it does not end with PAR1");
			}
			if (length <= 0 || length > size - 12) {
				throw refused(file, "its footer length " + length + " does not fit in its " + size + " bytes");
			}
			ByteBuffer footer = ByteBuffer.allocate(length);
			channel.read(footer, size - 8 - length);
			new ParquetFooterCheck(file, footer.flip()).struct(0);
		}
	}

	private static DataFormatException refused(String file, String why) {
		return DataFormatException.inRow(file, 0, null, "not a readable Parquet file: " + why);
	}

	private DataFormatException corrupt(String why) {
		return refused(file, "its footer is corrupt at byte " + footer.position() + ": " + why);
	}

	private void struct(int depth) throws DataFormatException {
		if (depth > MAX_DEPTH) {
			throw corrupt("structures nested over " + MAX_DEPTH + " deep");
		}
		while (true) {
			int header = unsignedByte();
			int type = header & 0x0F;
			if (type == 0) {
				return;
			}
			if ((header & 0xF0) == 0) {
				varint(); // a field id too far from the previous one for the header's four bits
			}
			// booleans of a struct live in their field's type
			if (type != 1 && type != 2) {
				value(type, depth);
			}
		}
	}

	private void value(int type, int depth) throws DataFormatException {
		switch (type) {
		// Thrift gives a boolean in a list a byte, but Hardwood reads none, and the walk follows Hardwood
		case 1, 2 -> {
		}
		case 3 -> skip(1);
		case 4, 5, 6 -> varint();
		case 7 -> skip(8);
		case 8 -> skip(size("a string"));
		case 9, 10 -> {
			int header = unsignedByte();
			long count = header >>> 4 == 15 ? size("a list") : header >>> 4;
			requireRoom(count, "a list");
			for (long i = 0; i < count; i++) {
				value(header & 0x0F, depth + 1);
			}
		}
		case 11 -> {
			long count = size("a map");
			if (count > 0) {
				requireRoom(2 * count, "a map");
				int types = unsignedByte();
				for (long i = 0; i < count; i++) {
					value(types >>> 4, depth + 1);
					value(types & 0x0F, depth + 1);
				}
			}
		}
		case 12 -> struct(depth + 1);
		case 13 -> skip(16);
		default -> throw corrupt("unknown Thrift type " + type);
		}
	}

	/** A length or count, which every element of needs at least one byte of the footer. */
	private int size(String of) throws DataFormatException {
		long size = varint();
		requireRoom(size, of);
		return (int) size;
	}

	private void requireRoom(long bytes, String of) throws DataFormatException {
		if (bytes < 0 || bytes > footer.remaining()) {
			throw corrupt(of + " of " + bytes + " claims more than the " + footer.remaining() + " bytes left");
		}
	}

	private void skip(int bytes) throws DataFormatException {
		requireRoom(bytes, "a value");
		footer.position(footer.position() + bytes);
	}

	private int unsignedByte() throws DataFormatException {
		if (!footer.hasRemaining()) {
			throw corrupt("it ends inside a structure");
		}
		return footer.get() & 0xFF;
	}

	private long varint() throws DataFormatException {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			int b = unsignedByte();
			value |= (long) (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
		throw corrupt("a number longer than ten bytes");
	}
}
