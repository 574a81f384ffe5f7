package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Base64ShortDatagrams}, and for how {@link Base64Decoder} hands a datagram it could
 * not finish in one pass to its general path.
 */
class Base64ShortDatagramsTests {

	private static final Base64.Encoder JDK = Base64.getEncoder();

	@Test
	void stepsDecodeUpToTheFirstStepWithAByteOutsideTheAlphabetWhereverItIs() {
		byte[] payload = randomBytes(Base64ShortDatagrams.DIRECT_TEXT / 4 * 3 + 48, 1);
		byte[] text = JDK.encode(payload);
		for (int fault = 0; fault < text.length; fault++) {
			for (byte outside : new byte[] { 0, '=', '-', (byte) 0xC3 }) {
				byte[] faulty = text.clone();
				faulty[fault] = outside;
				for (ByteBuffer source : sources(faulty, 3)) {
					byte[] target = new byte[Base64ShortDatagrams.targetSize(text.length)];
					int at = Base64ShortDatagrams.decodeSteps(source, 3, 3 + text.length, target, new byte[text.length]);
					int decodedText = fault / 8 * 8;
					assertThat(at).as("fault at %d, %s", fault, source).isEqualTo(3 + decodedText);
					assertThat(Arrays.copyOf(target, decodedText / 4 * 3))
						.isEqualTo(Arrays.copyOf(payload, decodedText / 4 * 3));
				}
			}
		}
	}

	@Test
	void stepsStopBeforeAStepThatWouldPassTheStop() {
		byte[] text = JDK.encode(randomBytes(Base64ShortDatagrams.DIRECT_TEXT / 4 * 3 + 30, 2));
		for (int stop = 0; stop <= text.length; stop++) {
			for (ByteBuffer source : sources(text, 0)) {
				byte[] target = new byte[Base64ShortDatagrams.targetSize(text.length)];
				assertThat(Base64ShortDatagrams.decodeSteps(source, 0, stop, target, new byte[stop]))
					.isEqualTo(stop / 8 * 8);
			}
		}
	}

	@Test
	void theDelimiterIsLookedForOnlyWhereValidTextPutsIt() {
		ByteBuffer source = ByteBuffer.wrap(ascii("QUJDRA==\0Q\0"));
		assertThat(Base64Delimiters.afterWholeUnits(source, 0, 11)).isEqualTo(8);
		assertThat(Base64Delimiters.afterWholeUnits(source, 4, 11)).isEqualTo(8);
		assertThat(Base64Delimiters.afterWholeUnits(source, 8, 11)).isEqualTo(8);
		assertThat(Base64Delimiters.afterWholeUnits(source, 2, 11)).as("at 2, 6 or 10 only")
			.isEqualTo(10);
		assertThat(Base64Delimiters.afterWholeUnits(source, 1, 11)).as("at 1, 5 or 9: none")
			.isEqualTo(-1);
		assertThat(Base64Delimiters.afterWholeUnits(source, 0, 8)).as("past the limit")
			.isEqualTo(-1);
	}

	@Test
	void lastUnitsDecodeWithEveryPadding() {
		for (int length = 0; length <= 6; length++) {
			byte[] payload = randomBytes(length, length);
			byte[] text = JDK.encode(payload);
			for (ByteBuffer source : sources(text, 5)) {
				byte[] target = new byte[16];
				target[0] = 42;
				int decoded = Base64ShortDatagrams.decodeLastUnits(source, 5, 5 + text.length, target, 1);
				assertThat(decoded).as("%d bytes, %s", length, source).isEqualTo(1 + length);
				assertThat(Arrays.copyOfRange(target, 1, 1 + length)).isEqualTo(payload);
				assertThat(target[0]).isEqualTo((byte) 42);
			}
		}
	}

	@Test
	void lastUnitsThatAreNotValidAreLeftToTheGeneralPath() {
		for (String text : List.of("AB=C", "A===", "====", "AB=\0", "QQ==QUJD", "QU=DQUJD", "QUJ\0QUJD", "QUJDQU-D")) {
			byte[] bytes = ascii(text);
			for (ByteBuffer source : sources(bytes, 0)) {
				assertThat(Base64ShortDatagrams.decodeLastUnits(source, 0, bytes.length, new byte[16], 0))
					.as(text)
					.isEqualTo(Base64ShortDatagrams.NOT_DECODED);
			}
		}
	}

	@Test
	void aLongDatagramInADirectBufferIsHandedOverWithWhatItsStepsDecoded() throws Exception {
		byte[] payload = randomBytes(3000, 7);
		byte[] stream = Bytes.concat(new Base64Codec().encode(payload), new Base64Codec().encode(payload));
		int first = JDK.encode(payload).length;
		for (int split : new int[] { 1024, 1027, first - 8, first - 4, first, first + 1, first + 1030 }) {
			FrameDecoder decoder = new Base64Codec().newDecoder("events");
			RecordingSink sink = new RecordingSink()
				.feed(decoder, Bytes.direct(stream, 0, split, ByteOrder.LITTLE_ENDIAN))
				.feed(decoder, Bytes.direct(stream, split, stream.length, ByteOrder.BIG_ENDIAN));
			assertThat(sink.errors).as("split at %d", split).isEmpty();
			assertThat(sink.frames).as("split at %d", split).containsExactly(payload, payload);
		}
	}

	@Test
	void aFaultPastTheFirstStepsOfALongDatagramIsReportedAsBefore() {
		byte[] text = JDK.encode(randomBytes(1500, 8));
		text[1800] = '*';
		byte[] hello = ascii("SGVsbG8=\0");
		byte[] stream = Bytes.concat(text, new byte[] { 0 }, hello);
		FrameDecoder decoder = new Base64Codec().newDecoder("events");
		RecordingSink sink = new RecordingSink().feed(decoder,
				Bytes.direct(stream, 0, stream.length, ByteOrder.nativeOrder()));
		assertThat(sink.frames).containsExactly(ascii("Hello"));
		assertThat(sink.errors).singleElement()
			.isInstanceOfSatisfying(InvalidBase64Exception.class, (error) -> assertThat(error.getMessage())
				.contains("illegal character 0x2a at index 1800"));
	}

	@Test
	void aTextThatEndsWithTheBufferWaitsForItsDelimiter() throws Exception {
		byte[] payload = randomBytes(12, 9);
		byte[] frame = new Base64Codec().encode(payload);
		FrameDecoder decoder = new Base64Codec().newDecoder("events");
		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.direct(frame, 0, frame.length - 1, ByteOrder.LITTLE_ENDIAN));
		assertThat(sink.frames).isEmpty();
		assertThat(decoder.bufferedBytes()).isEqualTo(frame.length - 1);
		sink.feed(decoder, Bytes.direct(frame, frame.length - 1, frame.length, ByteOrder.LITTLE_ENDIAN));
		assertThat(sink.frames).containsExactly(payload);
		assertThat(sink.errors).isEmpty();
	}

	private static List<ByteBuffer> sources(byte[] bytes, int offset) {
		byte[] shifted = Bytes.concat(new byte[offset], bytes);
		return List.of(ByteBuffer.wrap(shifted), ByteBuffer.wrap(shifted).order(ByteOrder.LITTLE_ENDIAN),
				Bytes.direct(shifted, 0, shifted.length, ByteOrder.BIG_ENDIAN),
				Bytes.direct(shifted, 0, shifted.length, ByteOrder.LITTLE_ENDIAN));
	}

	private static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
