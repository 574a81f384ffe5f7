package io.github.xpipe.codec;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Slices decode what is all alphabet, and stop at the first slice with anything else. */
class Base64SlicesTests {

	private static final int SLICE = Base64Slices.SLICE;

	private static final int SLICE_BYTES = SLICE / 4 * 3;

	@Test
	void decodesWholeSlicesAsTheJdkDecodesTheText() {
		byte[] payload = new byte[4 * SLICE_BYTES + 100];
		new Random(3).nextBytes(payload);
		byte[] text = Bytes.concat(new byte[5], Base64.getEncoder().encode(payload));
		byte[] target = new byte[7 + 4 * SLICE_BYTES];

		int decoded = new Base64Slices().decode(text, 5, 4, target, 7);

		assertThat(decoded).isEqualTo(4 * SLICE);
		assertThat(Arrays.copyOfRange(target, 7, target.length)).isEqualTo(Arrays.copyOf(payload, 4 * SLICE_BYTES));
	}

	@Test
	void stopsBeforeTheFirstSliceThatIsNotAllAlphabet() {
		byte[] payload = new byte[3 * SLICE_BYTES];
		new Random(4).nextBytes(payload);
		byte[] valid = Base64.getEncoder().encode(payload);
		// padding that the JDK would accept at a slice's end, padding inside, a delimiter, a non-ASCII byte
		for (byte[] spoil : new byte[][] { { '=' }, { '=', '=' }, { 0 }, { (byte) 0xe9 } }) {
			for (int at : new int[] { 0, SLICE - spoil.length, SLICE + 100, 3 * SLICE - spoil.length }) {
				byte[] text = valid.clone();
				System.arraycopy(spoil, 0, text, at, spoil.length);
				byte[] target = new byte[3 * SLICE_BYTES];

				int decoded = new Base64Slices().decode(text, 0, 3, target, 0);

				assertThat(decoded).as("%s at %d", Arrays.toString(spoil), at).isEqualTo(at / SLICE * SLICE);
				assertThat(Arrays.copyOf(target, decoded / 4 * 3)).isEqualTo(Arrays.copyOf(payload, decoded / 4 * 3));
			}
		}
	}

}
