package io.github.xpipe.codec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

	@Property(tries = 3000)
	void judgesAnyTextOfWholeUnitsAsTheJdkDoes(@ForAll("texts") byte[] text) {
		assertSameVerdictAsTheJdk(text);
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

	@Provide
	Arbitrary<byte[]> texts() {
		Arbitrary<Byte> mostlyAlphabet = Arbitraries.frequencyOf(Tuple.of(40, Arbitraries.of(box(ALPHABET))),
				Tuple.of(3, Arbitraries.just((byte) '=')), Tuple.of(1, Arbitraries.bytes()));
		return Arbitraries.integers()
			.between(1, 30)
			.flatMap((units) -> mostlyAlphabet.list().ofSize(4 * units))
			.map(Base64DecodingTests::unbox);
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

	private static Byte[] box(byte[] bytes) {
		Byte[] boxed = new Byte[bytes.length];
		for (int i = 0; i < bytes.length; i++) {
			boxed[i] = bytes[i];
		}
		return boxed;
	}

	private static byte[] unbox(List<Byte> bytes) {
		byte[] unboxed = new byte[bytes.size()];
		for (int i = 0; i < unboxed.length; i++) {
			unboxed[i] = bytes.get(i);
		}
		return unboxed;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
