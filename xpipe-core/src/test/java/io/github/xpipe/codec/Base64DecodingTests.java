package io.github.xpipe.codec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The strict decoder accepts and rejects exactly what {@code java.util.Base64}'s basic decoder does
 * for text whose length is a multiple of 4, and decodes what it accepts to the same bytes.
 */
class Base64DecodingTests {

	private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
		.getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 24, 25, 26, 45, 1000 })
	void decodesWhatTheJdkEncodesAtEveryLengthAndOffset(int size) {
		byte[] payload = new byte[size];
		new Random(size).nextBytes(payload);
		byte[] text = Base64.getEncoder().encode(payload);
		for (int offset : new int[] { 0, 1, 3, 7 }) {
			byte[] shifted = Bytes.concat(new byte[offset], text, new byte[] { 'x' });
			assertThat(decode(shifted, offset, offset + text.length)).as("%d bytes at offset %d", size, offset)
				.isEqualTo(payload);
		}
	}

	@Test
	void everyByteAtEveryPositionIsJudgedAsTheJdkJudgesIt() {
		// 48 characters: six 8-character steps' worth, so each position is met by the fast loop, the
		// loop of whole units or the final unit, with and without padding.
		for (String valid : new String[] { "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlq",
				"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGk=", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaA==" }) {
			byte[] text = valid.getBytes(StandardCharsets.US_ASCII);
			for (int position = 0; position < text.length; position++) {
				for (int value = 0; value < 256; value++) {
					byte[] mutated = text.clone();
					mutated[position] = (byte) value;
					assertSameVerdictAsTheJdk(mutated);
				}
			}
		}
	}

	static LongStream texts() {
		return Draw.seeds(3000);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("texts")
	void judgesAnyTextOfWholeUnitsAsTheJdkDoes(long seed) {
		assertSameVerdictAsTheJdk(text(new Random(seed)));
	}

	@Test
	void ignoresTheUnusedBitsBeforeThePaddingAsTheJdkDoes() {
		assertThat(decode(ascii("QR=="))).containsExactly('A');
		assertThat(decode(ascii("QUJ="))).containsExactly('A', 'B');
		assertThat(Base64.getDecoder().decode("QR==")).containsExactly('A');
	}

	@Test
	void saysWhereTheTextGoesWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> decode(ascii("QUJDREVGR0hJ*ktM")))
			.withMessage("illegal character 0x2a at index 12");
		assertThatIllegalArgumentException().isThrownBy(() -> decode(ascii("QUJD=EVGR0hJSktM")))
			.withMessage("padding before the final 4-character unit, at index 4");
		assertThatIllegalArgumentException().isThrownBy(() -> decode(ascii("QUJDQ===")))
			.withMessage("misplaced padding in the final 4-character unit, at index 5");
		assertThatIllegalArgumentException().isThrownBy(() -> decode(ascii("QUJDQU=C")))
			.withMessage("misplaced padding in the final 4-character unit, at index 6");
	}

	/**
	 * 1 to 30 units of 4 characters, mostly of the alphabet, with padding characters (3 in 44) and
	 * any byte at all (1 in 44) mixed in, so that most texts are valid or nearly so.
	 */
	private static byte[] text(Random random) {
		byte[] text = new byte[4 * (1 + random.nextInt(30))];
		for (int i = 0; i < text.length; i++) {
			int pick = random.nextInt(44);
			text[i] = (pick < 40) ? ALPHABET[random.nextInt(ALPHABET.length)] : (pick < 43) ? (byte) '='
					: (byte) random.nextInt(256);
		}
		return text;
	}

	private static void assertSameVerdictAsTheJdk(byte[] text) {
		byte[] expected;
		try {
			expected = Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			expected = null;
		}
		byte[] actual;
		try {
			actual = decode(text);
		}
		catch (IllegalArgumentException ex) {
			actual = null;
		}
		assertThat(actual).as("decoding %s", new String(text, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
	}

	private static byte[] decode(byte[] text) {
		return decode(text, 0, text.length);
	}

	private static byte[] decode(byte[] text, int from, int to) {
		byte[] target = new byte[Base64Decoding.decodedLength(text, from, to)];
		Base64Decoding.decode(text, from, to, target);
		return target;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
