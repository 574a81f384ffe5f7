package io.github.xpipe.codec.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resynchronisation oracle ({@link ResynchronisationOracle}) over seeded random cases, in every
 * build: frames of random payloads (some of them frames themselves), garbage of random bytes (with
 * delimiters, or with crafted headers, now and then) spliced in at random offsets, a reader started
 * at a random offset, reads of random sizes. Each case is drawn from its seed.
 */
class SplicedGarbageTests {

	static LongStream seeds() {
		return LongStream.rangeClosed(1, 600);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void untouchedFramesSurviveSplicedGarbage(long seed) throws FrameTooLargeException {
		Random random = new Random(seed);
		FrameCodec codec = ResynchronisationOracle.codec(random.nextInt(ResynchronisationOracle.CODEC_COUNT));
		List<byte[]> payloads = new ArrayList<>();
		int clean = 0;
		for (int i = 1 + random.nextInt(12); i > 0; i--) {
			byte[] payload = (random.nextInt(10) == 0) ? codec.encode(bytes(random, 1 + random.nextInt(40)))
					: bytes(random, 1 + random.nextInt(300));
			payloads.add(payload);
			clean += SplicedStream.frameLength(codec, payload.length);
		}
		TreeMap<Integer, byte[]> garbage = new TreeMap<>();
		for (int i = random.nextInt(4); i > 0; i--) {
			garbage.put(random.nextInt(clean + 1), garbage(random));
		}
		int startAt = random.nextBoolean() ? 0 : random.nextInt(200);
		int[] reads = new int[random.nextInt(12)];
		for (int i = 0; i < reads.length; i++) {
			reads[i] = random.nextInt(400);
		}
		ResynchronisationOracle.check(codec, payloads, garbage, startAt, reads);
	}

	/** Random bytes; now and then with a delimiter at the end, or a header claiming a length it does not have. */
	private static byte[] garbage(Random random) {
		byte[] bytes = bytes(random, 1 + random.nextInt(400));
		switch (random.nextInt(6)) {
			case 0 -> bytes[bytes.length - 1] = 0;
			case 1 -> {
				if (bytes.length >= 8) {
					int claimed = random.nextInt(1500);
					ByteOrder order = random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
					ByteBuffer.wrap(bytes).order(order).putInt(claimed + 8).putInt(claimed);
				}
			}
			default -> {
			}
		}
		return bytes;
	}

	private static byte[] bytes(Random random, int size) {
		byte[] bytes = new byte[size];
		random.nextBytes(bytes);
		return bytes;
	}


}
