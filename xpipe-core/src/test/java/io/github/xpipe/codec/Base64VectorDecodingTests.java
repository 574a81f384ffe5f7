package io.github.xpipe.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Base64VectorDecoding}, and that a {@link Base64Decoder} using it reports exactly
 * what one that does not reports, whatever the Java version running the tests.
 */
class Base64VectorDecodingTests {

	private static final Base64.Encoder JDK = Base64.getEncoder();

	@Test
	void aValidDatagramDecodesToAnArrayThatIsExactlyItsPayload() {
		Random random = new Random(1);
		for (int size = 1; size <= 300; size++) {
			byte[] payload = new byte[size];
			random.nextBytes(payload);
			byte[] datagram = Bytes.concat(JDK.encode(payload), new byte[] { 0, 'Q' });
			for (ByteBuffer source : sources(datagram, 3)) {
				byte[] decoded = new Base64VectorDecoding(1024).decode(source, 3, source.limit());
				assertThat(decoded).as("%d bytes from %s", size, source).isEqualTo(payload);
				assertThat(source.position()).isEqualTo(source.limit() - 1);
			}
		}
	}

	@Test
	void aLongTextIsDecodedInChunksUpToTheLongestText() {
		Random random = new Random(2);
		int chunkBytes = Base64VectorDecoding.CHUNK / 4 * 3;
		int longest = Base64VectorDecoding.LONGEST_TEXT / 4 * 3;
		for (int size : new int[] { chunkBytes - 1, chunkBytes, chunkBytes + 1, chunkBytes + 2, chunkBytes + 3,
				2 * chunkBytes, 2 * chunkBytes + 1, 3000, longest - 1, longest }) {
			byte[] payload = new byte[size];
			random.nextBytes(payload);
			byte[] datagram = Bytes.concat(JDK.encode(payload), new byte[] { 0 });
			for (ByteBuffer source : sources(datagram, 1)) {
				byte[] decoded = new Base64VectorDecoding(Integer.MAX_VALUE).decode(source, 1, source.limit());
				assertThat(decoded).as("%d bytes from %s", size, source).isEqualTo(payload);
				assertThat(source.position()).isEqualTo(source.limit());
			}
		}
		byte[] tooLong = Bytes.concat(JDK.encode(new byte[longest + 1]), new byte[] { 0 });
		assertThat(new Base64VectorDecoding(Integer.MAX_VALUE).decode(ByteBuffer.wrap(tooLong), 0, tooLong.length))
			.isNull();
	}

	@Test
	void paddingAtTheEndOfAChunkIsLeftToTheCaller() {
		byte[] text = JDK.encode(new byte[2 * Base64VectorDecoding.CHUNK]);
		for (int padding = 1; padding <= 2; padding++) {
			byte[] padded = text.clone();
			for (int i = 1; i <= padding; i++) {
				padded[Base64VectorDecoding.CHUNK - i] = '=';
			}
			for (ByteBuffer source : sources(Bytes.concat(padded, new byte[] { 0 }), 0)) {
				assertThat(new Base64VectorDecoding(Integer.MAX_VALUE).decode(source, 0, source.limit()))
					.as("%d padding characters from %s", padding, source).isNull();
				assertThat(source.position()).isEqualTo(0);
			}
		}
	}

	@Test
	void whatItDoesNotDecodeIsLeftToTheCallerWithTheSourceAsItWas() {
		List<String> left = List.of("\0", "QQ\0", "QUJ\0", "QUJDR\0", "QUJD=A==\0", "QU=D\0", "QUJD-A==\0",
				"QUJDRA==", "QUJDRA==QUJD\0");
		for (String text : left) {
			for (ByteBuffer source : sources(ascii(text), 2)) {
				assertThat(new Base64VectorDecoding(1024).decode(source, 2, source.limit()))
					.as("'%s' from %s", text, source).isNull();
				assertThat(source.position()).isEqualTo(0);
			}
		}
	}

	@Test
	void aTextLongerThanTheMaximumOrPastTheLimitIsLeftToTheCaller() {
		byte[] datagram = ascii("QUJDREVGR0hJ\0");
		for (ByteBuffer source : sources(datagram, 0)) {
			assertThat(new Base64VectorDecoding(11).decode(source, 0, source.limit())).isNull();
			assertThat(new Base64VectorDecoding(1024).decode(source, 0, 12)).isNull();
			assertThat(new Base64VectorDecoding(12).decode(source, 0, 13)).isEqualTo(ascii("ABCDEFGHI"));
		}
	}

	@Test
	void aLengthGuessedFromTheLastDatagramIsTrustedOnlyWhenTheTextBeforeItIsValid() {
		// After a datagram of 8 characters, one of 4 and one of 3: the guess of 8 finds a zero, and
		// the JDK rejects the text before it (which holds the real delimiter) for the general path.
		byte[] stream = ascii("QUJDRA==\0QUJD\0QUI\0QUJDRA==\0");
		for (ByteBuffer source : sources(stream, 0)) {
			Base64VectorDecoding vector = new Base64VectorDecoding(1024);
			assertThat(vector.decode(source, 0, source.limit())).isEqualTo(ascii("ABCD"));
			assertThat(vector.decode(source, 9, source.limit())).isNull();
			assertThat(source.position()).isEqualTo(9);
			RecordingSink sink = new RecordingSink().feed(new Base64Decoder("events", 1024, true), source.position(0));
			assertThat(sink.frames).map(String::new).containsExactly("ABCD", "ABC", "ABCD");
			assertThat(sink.errors).hasSize(1).first().isInstanceOf(InvalidBase64Exception.class);
		}
	}

	@Test
	void aDecoderReportsWhatItReportsWithoutTheJdkOnRandomStreamsCutAnywhere() {
		long frames = 0;
		for (long seed = 1; seed <= 300; seed++) {
			Random random = new Random(seed);
			byte[] stream = randomStream(random);
			int maxMessageSize = (seed % 5 == 0) ? 64 + random.nextInt(200) : Base64Codec.DEFAULT_MAX_MESSAGE_SIZE;
			ByteOrder order = random.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
			boolean direct = random.nextBoolean();
			List<Integer> cuts = cuts(random, stream.length);
			List<String> withJdk = events(new Base64Decoder("events", maxMessageSize, true), stream, cuts, direct,
					order);
			List<String> without = events(new Base64Decoder("events", maxMessageSize, false), stream, cuts, direct,
					order);
			assertThat(withJdk).as("seed %d", seed).isEqualTo(without);
			frames += without.stream().filter((event) -> event.startsWith("frame")).count();
		}
		assertThat(frames).isGreaterThan(3000);
	}

	/** Datagrams of repeated and of random sizes, some of them faulty, some empty, some long. */
	private static byte[] randomStream(Random random) {
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		int repeated = 1 + random.nextInt(120);
		int count = 1 + random.nextInt(40);
		for (int i = 0; i < count; i++) {
			int kind = random.nextInt(10);
			int size = (kind < 5) ? repeated : (kind < 9) ? random.nextInt(300) : 700 + random.nextInt(5000);
			byte[] payload = new byte[size];
			random.nextBytes(payload);
			byte[] text = JDK.encode(payload);
			if (random.nextInt(6) == 0 && text.length > 0) {
				text[random.nextInt(text.length)] = Draw.oneOf(random, (byte) 0, (byte) '=', (byte) '-', (byte) 0xC3);
			}
			else if (random.nextInt(12) == 0 && text.length > 2) {
				text = java.util.Arrays.copyOf(text, text.length - 1 - random.nextInt(2));
			}
			stream.writeBytes(text);
			stream.write(0);
		}
		return stream.toByteArray();
	}

	private static List<Integer> cuts(Random random, int length) {
		List<Integer> cuts = new ArrayList<>();
		int at = 0;
		while (at < length) {
			at = Math.min(length, at + 1 + random.nextInt(random.nextBoolean() ? 64 : 4096));
			cuts.add(at);
		}
		return cuts;
	}

	/** What the decoder reports for the stream fed in reads that end at the cuts, as text. */
	private static List<String> events(Base64Decoder decoder, byte[] stream, List<Integer> cuts, boolean direct,
			ByteOrder order) {
		RecordingSink sink = new RecordingSink();
		int from = 0;
		for (int to : cuts) {
			ByteBuffer read = direct ? Bytes.direct(stream, from, to, order) : Bytes.offsetHeap(stream, from, to, order);
			sink.feed(decoder, read);
			from = to;
		}
		sink.end(decoder);
		List<String> events = new ArrayList<>();
		for (Object event : sink.events) {
			events.add((event instanceof byte[] frame) ? "frame " + Bytes.hex(frame)
					: event.getClass().getSimpleName() + ": " + ((FrameException) event).getMessage());
		}
		return events;
	}

	private static List<ByteBuffer> sources(byte[] bytes, int offset) {
		byte[] shifted = Bytes.concat(new byte[offset], bytes);
		return List.of(ByteBuffer.wrap(shifted), ByteBuffer.wrap(shifted).order(ByteOrder.LITTLE_ENDIAN),
				Bytes.direct(shifted, 0, shifted.length, ByteOrder.BIG_ENDIAN),
				Bytes.direct(shifted, 0, shifted.length, ByteOrder.LITTLE_ENDIAN));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
