package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of both codecs over generated payloads, garbage and read boundaries: what is encoded
 * back to back decodes to the same messages however the stream is cut, and no input makes a decoder
 * throw, report anything but its typed errors, or hold more than one frame's worth of bytes. Each case
 * is drawn from its seed ({@link Draw}).
 */
class FrameCodecPropertiesTests {

	private static final int LARGE_PAYLOAD = 70 * 1024;

	static LongStream cases150() {
		return Draw.seeds(150);
	}

	static LongStream cases200() {
		return Draw.seeds(200);
	}

	static LongStream cases300() {
		return Draw.seeds(300);
	}

	static LongStream cases400() {
		return Draw.seeds(400);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("cases150")
	void payloadsEncodedBackToBackDecodeToTheSameListHoweverTheStreamIsCut(long seed) throws FrameException {
		Random random = new Random(seed);
		FrameCodec codec = Draw.oneOf(random, CODECS);
		List<byte[]> payloads = Draw.list(random, 10,
				(r) -> r.nextBoolean() ? Draw.bytes(r, 300) : Draw.bytes(r, LARGE_PAYLOAD));
		List<Integer> cuts = cuts(random);
		List<byte[]> frames = new ArrayList<>();
		for (byte[] payload : payloads) {
			frames.add(codec.encode(payload));
		}
		byte[] stream = Bytes.concat(frames);
		FrameDecoder decoder = codec.newDecoder("prop");
		RecordingSink sink = new RecordingSink();

		feedInChunks(codec, decoder, sink, stream, cuts);
		assertThat(decoder.bufferedBytes()).isZero();
		sink.end(decoder);

		assertThat(sink.errors).isEmpty();
		assertThat(sink.frames).containsExactlyElementsOf(payloads);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("cases400")
	void arbitraryInputYieldsNothingButFramesAndTypedErrors(long seed) throws FrameException {
		Random random = new Random(seed);
		FrameCodec codec = Draw.oneOf(random, SMALL_CODECS);
		List<Segment> segments = Draw.list(random, 12, Segment::draw);
		List<Integer> cuts = cuts(random);
		byte[] input = Bytes.concat(segments.stream().map((segment) -> segment.bytesFor(codec)).toList());
		FrameDecoder decoder = codec.newDecoder("prop");
		RecordingSink sink = new RecordingSink();

		feedInChunks(codec, decoder, sink, input, cuts);
		sink.end(decoder);

		assertThat(decoder.bufferedBytes()).isZero();
		Set<FrameException.Reason> possible = (codec.framing() == Framing.BASE64)
				? EnumSet.of(FrameException.Reason.BASE64, FrameException.Reason.TOO_LARGE,
						FrameException.Reason.TRUNCATED, FrameException.Reason.SKIPPED)
				: EnumSet.of(FrameException.Reason.CRC, FrameException.Reason.MALFORMED,
						FrameException.Reason.TOO_LARGE, FrameException.Reason.TRUNCATED,
						FrameException.Reason.SKIPPED, FrameException.Reason.BYTE_ORDER);
		assertThat(sink.errors).allSatisfy((error) -> {
			assertThat(error.reason()).isIn(possible);
			assertThat(error.pipeName()).isEqualTo("prop");
			assertThat(error.byteCount()).isPositive();
			assertThat(error.getMessage()).startsWith("Pipe 'prop': ");
		});
		assertThat(sink.frames).allSatisfy((frame) -> assertThat(codec.encodedLength(frame.length)).isPositive());

		// Whatever came before, the decoder is ready for the next writer.
		byte[] payload = { 'n', 'e', 'x', 't' };
		sink.feed(decoder, codec.encode(payload)).end(decoder);
		assertThat(sink.frames).last().isEqualTo(payload);
	}

	/**
	 * Good frames around corrupted ones (runs of them included) all arrive; each run of corrupted
	 * frames costs one rejection, and one skipped stretch when it holds more than one frame. (In
	 * {@code base64} the good payloads are not empty: an empty datagram right after a rejected one
	 * proves nothing and is skipped.)
	 */
	@ParameterizedTest(name = "seed {0}")
	@MethodSource("cases200")
	void everyGoodFrameAroundCorruptedOnesArrives(long seed) throws FrameException {
		Random random = new Random(seed);
		FrameCodec codec = Draw.oneOf(random, RESYNCHRONISING_CODECS);
		int smallest = (codec.framing() == Framing.BASE64) ? 1 : 0;
		List<byte[]> payloads = Draw.list(random, 12, (r) -> {
			byte[] bytes = new byte[Math.max(smallest, Draw.size(r, 300))];
			r.nextBytes(bytes);
			return bytes;
		});
		List<Integer> corruptBefore = Draw.list(random, 12, (r) -> r.nextInt(13));
		List<Integer> cuts = cuts(random);
		List<byte[]> frames = new ArrayList<>();
		int expectedErrors = 0;
		for (int i = 0; i <= payloads.size(); i++) {
			int run = 0;
			for (int before : corruptBefore) {
				if (before == i) {
					frames.add(corrupted(codec, i + run));
					run++;
				}
			}
			expectedErrors += Math.min(run, 2);
			if (i < payloads.size()) {
				frames.add(codec.encode(payloads.get(i)));
			}
		}
		FrameDecoder decoder = codec.newDecoder("prop");
		RecordingSink sink = new RecordingSink();

		feedInChunks(codec, decoder, sink, Bytes.concat(frames), cuts);
		sink.end(decoder);

		assertThat(sink.frames).containsExactlyElementsOf(payloads);
		assertThat(sink.errors).hasSize(expectedErrors)
			.allSatisfy((error) -> assertThat(error).isInstanceOfAny(CrcMismatchException.class,
					InvalidBase64Exception.class, SkippedBytesException.class));
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("cases300")
	void findsTheFirstDelimiterLikeAPlainScan(long seed) {
		Random random = new Random(seed);
		List<Integer> kinds = Draw.list(random, 100, (r) -> r.nextInt(4));
		int from = Draw.size(random, 100);
		int length = Draw.size(random, 100);
		boolean bigEndian = random.nextBoolean();
		boolean direct = random.nextBoolean();
		byte[] bytes = new byte[kinds.size()];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = new byte[] { 0, 1, (byte) 0x80, (byte) 0xff }[kinds.get(i)];
		}
		ByteOrder order = bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		ByteBuffer buffer = direct ? Bytes.direct(bytes, 0, bytes.length, order) : ByteBuffer.wrap(bytes).order(order);
		int start = Math.min(from, bytes.length);
		int end = Math.min(start + length, bytes.length);
		int expected = -1;
		for (int i = start; i < end; i++) {
			if (bytes[i] == 0) {
				expected = i;
				break;
			}
		}
		assertThat(Base64Delimiters.indexOf(buffer, start, end)).isEqualTo(expected);
	}

	/**
	 * Feeds {@code stream} cut at the given positions (taken modulo its length, so any list of ints is
	 * a valid cut), alternating heap, offset heap and direct buffers of both byte orders, and checks
	 * after each chunk that the decoder holds at most one frame's worth of bytes.
	 */
	private static void feedInChunks(FrameCodec codec, FrameDecoder decoder, RecordingSink sink, byte[] stream,
			List<Integer> cuts) {
		int[] positions = cuts.stream().mapToInt((cut) -> cut % (stream.length + 1)).sorted().toArray();
		int bound = maxBufferedBytes(codec);
		int from = 0;
		for (int i = 0; i <= positions.length; i++) {
			int to = (i < positions.length) ? positions[i] : stream.length;
			ByteOrder order = (i % 2 == 0) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
			ByteBuffer chunk = switch (i % 3) {
				case 0 -> ByteBuffer.wrap(stream, from, to - from).order(order);
				case 1 -> Bytes.direct(stream, from, to, order);
				default -> Bytes.offsetHeap(stream, from, to, order);
			};
			sink.feed(decoder, chunk);
			assertThat(decoder.bufferedBytes()).isBetween(0, bound);
			from = to;
		}
	}

	/** The most a decoder may hold: one whole frame but its delimiter, or the encoding of the largest message. */
	private static int maxBufferedBytes(FrameCodec codec) {
		return (codec.framing() == Framing.BASE64) ? codec.maxMessageSize()
				: codec.maxMessageSize() + LengthCrc32Codec.FRAME_OVERHEAD;
	}

	/** A frame the codec rejects but can resynchronise after: a flipped bit under the CRC, or a stray character. */
	private static byte[] corrupted(FrameCodec codec, int seed) throws FrameException {
		if (codec.framing() == Framing.BASE64) {
			return new byte[] { 'S', 'G', '!', (byte) ('a' + seed % 26), 0 };
		}
		byte[] frame = codec.encode(new byte[] { 1, 2, 3, (byte) seed });
		frame[8 + seed % 8] ^= (byte) (1 << (seed % 8));
		return frame;
	}

	private static final FrameCodec[] CODECS = { new LengthCrc32Codec(),
			new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, 1 << 20),
			new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, false, 1 << 20),
			new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, false, 1 << 20), new Base64Codec() };

	private static final FrameCodec[] SMALL_CODECS = { new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 64),
			new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, 64),
			LengthCrc32Codec.builder().maxMessageSize(64).readByteOrder(LengthCrc32Codec.ReadByteOrder.PINNED).build(),
			LengthCrc32Codec.builder().maxMessageSize(64).crcCheck(LengthCrc32Codec.CrcCheck.STRICT).build(),
			new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, false, 300),
			new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, false, 300), new Base64Codec(64), new Base64Codec(300) };

	private static final FrameCodec[] RESYNCHRONISING_CODECS = { new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 4096),
			new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, 4096), new Base64Codec(4096) };

	/** Up to 40 cut positions, any non-negative ints (taken modulo the stream's length). */
	private static List<Integer> cuts(Random random) {
		return Draw.list(random, 40, Draw::nonNegative);
	}

	/** A stretch of generated input: raw bytes, or a frame made of them, intact or damaged. */
	record Segment(Kind kind, byte[] bytes, int where) {

		static Segment draw(Random random) {
			return new Segment(Draw.oneOf(random, Kind.values()), Draw.bytes(random, 400), Draw.nonNegative(random));
		}

		enum Kind {

			/** The bytes as they are. */
			RAW,
			/** A valid frame of the bytes (cut to the codec's maximum). */
			FRAME,
			/** A frame of the bytes with one byte changed. */
			DAMAGED,
			/** A frame of the bytes cut short. */
			CUT,
			/** A frame of the bytes whose first length byte or datagram byte is replaced. */
			BAD_HEADER

		}

		byte[] bytesFor(FrameCodec codec) {
			if (this.kind == Kind.RAW) {
				return this.bytes;
			}
			byte[] frame = frameFor(codec);
			int at = this.where % frame.length;
			switch (this.kind) {
				case DAMAGED -> frame[at] ^= (byte) (1 + this.where % 255);
				case CUT -> frame = java.util.Arrays.copyOf(frame, at);
				case BAD_HEADER -> frame[0] = (byte) this.where;
				default -> {
				}
			}
			return frame;
		}

		private byte[] frameFor(FrameCodec codec) {
			int length = this.bytes.length;
			while (true) {
				try {
					return codec.encode(java.util.Arrays.copyOf(this.bytes, length));
				}
				catch (FrameException tooLarge) {
					length /= 2;
				}
			}
		}

		@Override
		public String toString() {
			return this.kind + "(" + this.bytes.length + " bytes, " + this.where + ")";
		}

	}

}
