package io.github.xpipe.benchmarks.peers;

import java.util.zip.CRC32;

/**
 * The messages every peer of the benchmark sends, and the checksum every peer computes over them, in
 * Java exactly as in the C and Python peers: a fixed byte pattern with the message's sequence number
 * stamped little-endian into its first 8 bytes; per message, the checksum adds that number and the
 * length, and in verify mode the payload's CRC-32 too.
 */
public final class Payloads {

	private Payloads() {
	}

	/** A payload of the given size filled with the shared pattern. */
	public static byte[] pattern(int size) {
		byte[] payload = new byte[size];
		for (int i = 0; i < size; i++) {
			payload[i] = (byte) (i * 7 + 3);
		}
		return payload;
	}

	/** Writes {@code sequence} little-endian into the first (up to 8) bytes. */
	public static void stamp(byte[] payload, long sequence) {
		for (int i = 0; i < 8 && i < payload.length; i++) {
			payload[i] = (byte) (sequence >>> (8 * i));
		}
	}

	/** The sequence number stamped into a payload. */
	public static long sequenceOf(byte[] payload) {
		long value = 0;
		for (int i = 0; i < 8 && i < payload.length; i++) {
			value |= (payload[i] & 0xFFL) << (8 * i);
		}
		return value;
	}

	/** One message's contribution to the checksum. */
	public static long checksum(byte[] payload, boolean verify) {
		long sum = sequenceOf(payload) + payload.length;
		if (verify) {
			CRC32 crc = new CRC32();
			crc.update(payload);
			sum += crc.getValue();
		}
		return sum;
	}

	/** The checksum as the peers print it: 16 lower-case hex digits. */
	public static String format(long checksum) {
		return String.format("%016x", checksum);
	}

}
