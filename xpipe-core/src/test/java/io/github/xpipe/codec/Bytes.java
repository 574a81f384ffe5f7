package io.github.xpipe.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

/** Byte helpers for codec tests. */
final class Bytes {

	private static final HexFormat HEX = HexFormat.of();

	private Bytes() {
	}

	static byte[] hex(String hex) {
		return HEX.parseHex(hex);
	}

	static String hex(byte[] bytes) {
		return HEX.formatHex(bytes);
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	static byte[] concat(List<byte[]> parts) {
		return concat(parts.toArray(byte[][]::new));
	}

	/** A direct buffer holding {@code bytes[from, to)}, in the given byte order. */
	static ByteBuffer direct(byte[] bytes, int from, int to, ByteOrder order) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(to - from).order(order);
		buffer.put(bytes, from, to - from).flip();
		return buffer;
	}

	/** A heap buffer whose backing array has slack on both sides, so array offsets and positions matter. */
	static ByteBuffer offsetHeap(byte[] bytes, int from, int to, ByteOrder order) {
		byte[] backing = new byte[(to - from) + 14];
		System.arraycopy(bytes, from, backing, 7, to - from);
		ByteBuffer outer = ByteBuffer.wrap(backing);
		outer.position(3);
		ByteBuffer slice = outer.slice().order(order);
		slice.position(4).limit(4 + (to - from));
		return slice;
	}

}
