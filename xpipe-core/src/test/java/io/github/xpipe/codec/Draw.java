package io.github.xpipe.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * Seeded generation for property tests: each case is drawn from a {@link Random} seeded by its
 * number, so a failing case is replayed by its seed. Sizes lean towards their edges (0, 1 and the
 * maximum), where the bugs are, as property-testing libraries do.
 */
final class Draw {

	private Draw() {
	}

	/** The seeds of {@code count} cases: 1 to {@code count}. */
	static LongStream seeds(int count) {
		return LongStream.rangeClosed(1, count);
	}

	/** A size from 0 to {@code max}: an edge one time in eight, else uniform. */
	static int size(Random random, int max) {
		if (random.nextInt(8) == 0) {
			int[] edges = { 0, 1, max };
			return Math.min(max, edges[random.nextInt(edges.length)]);
		}
		return random.nextInt(max + 1);
	}

	/** Random bytes of a {@link #size} from 0 to {@code max}. */
	static byte[] bytes(Random random, int max) {
		byte[] bytes = new byte[size(random, max)];
		random.nextBytes(bytes);
		return bytes;
	}

	/** A list of {@link #size} from 0 to {@code max} elements. */
	static <T> List<T> list(Random random, int max, java.util.function.Function<Random, T> element) {
		int size = size(random, max);
		List<T> list = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			list.add(element.apply(random));
		}
		return list;
	}

	/** A non-negative int: small ones and any. */
	static int nonNegative(Random random) {
		return random.nextBoolean() ? random.nextInt(1000) : random.nextInt(Integer.MAX_VALUE);
	}

	@SafeVarargs
	static <T> T oneOf(Random random, T... values) {
		return values[random.nextInt(values.length)];
	}

}
