package io.github.xpipe.hardening;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.jspecify.annotations.Nullable;

/**
 * Self-checking payloads: {@code w<writer>:<seq>:} followed by bytes derived from the writer and
 * the sequence number, so a receiver can tell who sent a message, in which order, and whether a
 * single byte of it was changed or mixed with another message.
 */
final class Payloads {

	private Payloads() {
	}

	/** The payload of message {@code seq} of {@code writer}, at least as long as its header. */
	static byte[] of(int writer, int seq, int size) {
		byte[] header = ("w" + writer + ":" + seq + ":").getBytes(StandardCharsets.US_ASCII);
		byte[] payload = Arrays.copyOf(header, Math.max(size, header.length));
		SplittableRandom random = new SplittableRandom(((long) writer << 32) ^ seq);
		for (int i = header.length; i < payload.length; i++) {
			payload[i] = (byte) random.nextInt(256);
		}
		return payload;
	}

	/** A payload size in {@code [min, max]} for message {@code seq} of {@code writer}, reproducibly. */
	static int size(int writer, int seq, int min, int max) {
		return (min == max) ? min : min + new SplittableRandom(seq * 31L + writer).nextInt(max - min + 1);
	}

	/** Who sent {@code payload}, or {@code null} when it is not exactly a payload made by {@link #of}. */
	static @Nullable Id parse(byte[] payload) {
		int first = indexOf(payload, 0);
		int second = (first > 0) ? indexOf(payload, first + 1) : -1;
		if (payload.length == 0 || payload[0] != 'w' || second < 0) {
			return null;
		}
		try {
			int writer = Integer.parseInt(new String(payload, 1, first - 1, StandardCharsets.US_ASCII));
			int seq = Integer.parseInt(new String(payload, first + 1, second - first - 1, StandardCharsets.US_ASCII));
			return Arrays.equals(payload, of(writer, seq, payload.length)) ? new Id(writer, seq) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static int indexOf(byte[] payload, int from) {
		for (int i = from; i < Math.min(payload.length, from + 12); i++) {
			if (payload[i] == ':') {
				return i;
			}
		}
		return -1;
	}

	/** Message {@code seq} of {@code writer}. */
	record Id(int writer, int seq) {

		@Override
		public String toString() {
			return "w" + this.writer + ":" + this.seq;
		}

	}

}
