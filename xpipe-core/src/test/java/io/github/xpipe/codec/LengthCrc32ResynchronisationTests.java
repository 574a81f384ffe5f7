package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code length-crc32} decoder finds the next frame by itself after any bad bytes, loses nothing
 * but them, reports a bounded number of errors, and stays linear in time and bounded in memory
 * whatever the bytes hold.
 */
class LengthCrc32ResynchronisationTests {

	private static final LengthCrc32Codec CODEC = new LengthCrc32Codec();

	private static final byte[] FIRST = "first".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] SECOND = "second".getBytes(StandardCharsets.US_ASCII);

	@ParameterizedTest
	@ValueSource(ints = { 1 << 20, 4096, 1000 })
	void aMillionRandomBytesBetweenTwoGoodFramesCostOnlyThemselves(int readSize) throws Exception {
		byte[] garbage = randomBytes(1_000_000, 42);
		byte[] stream = Bytes.concat(CODEC.encode(FIRST), garbage, CODEC.encode(SECOND));
		FrameDecoder decoder = CODEC.newDecoder("orders");
		RecordingSink sink = new RecordingSink();

		feed(decoder, sink, stream, readSize);

		assertThat(sink.frames).containsExactly(FIRST, SECOND);
		assertThat(sink.errors).hasSize(2);
		assertThat(sink.errors.get(0).byteCount()).isEqualTo(8); // the header the garbage started with
		assertThat(sink.errors.get(1)).isInstanceOf(SkippedBytesException.class)
			.extracting(FrameException::byteCount)
			.isEqualTo(garbage.length - 8L);
		assertThat(decoder.bufferedBytes()).isZero();
	}

	@Test
	void aDecoderStartedMidFrameFindsTheFramesThatFollowAtEveryCut() throws Exception {
		byte[] cutFrame = CODEC.encode(randomBytes(40, 7));
		byte[] good = Bytes.concat(CODEC.encode(FIRST), CODEC.encode(SECOND), CODEC.encode(FIRST));
		for (int cut = 0; cut < cutFrame.length; cut++) {
			byte[] stream = Bytes.concat(java.util.Arrays.copyOfRange(cutFrame, cut, cutFrame.length), good);
			for (boolean told : new boolean[] { true, false }) {
				FrameDecoder decoder = CODEC.newDecoder("orders");
				if (told) {
					decoder.resynchronize();
				}
				RecordingSink sink = new RecordingSink().feed(decoder, stream).end(decoder);

				String description = "cut at " + cut + (told ? ", told to resynchronise" : "");
				if (cut == 0) {
					assertThat(sink.frames).as(description).hasSize(4);
					assertThat(sink.errors).as(description).isEmpty();
					continue;
				}
				assertThat(sink.frames).as(description).containsExactly(FIRST, SECOND, FIRST);
				long reported = sink.errors.stream().mapToLong(FrameException::byteCount).sum();
				if (told) {
					// one stretch: exactly the bytes of the partial frame
					assertThat(sink.errors).as(description).singleElement().isInstanceOf(SkippedBytesException.class);
					assertThat(reported).as(description).isEqualTo(cutFrame.length - cut);
				}
				else {
					assertThat(sink.errors).as(description).hasSizeBetween(1, 2);
				}
			}
		}
	}

	@Test
	void aReaderStartedOnHalfALargeFrameFindsTheFramesAfterIt() throws Exception {
		byte[] large = CODEC.encode(randomBytes(300_000, 3));
		List<byte[]> payloads = new ArrayList<>();
		List<byte[]> frames = new ArrayList<>();
		frames.add(java.util.Arrays.copyOfRange(large, large.length / 2, large.length));
		for (int i = 0; i < 100; i++) {
			payloads.add(randomBytes(i * 37, i));
			frames.add(CODEC.encode(payloads.get(i)));
		}
		FrameDecoder decoder = CODEC.newDecoder("inbox");
		decoder.resynchronize();
		RecordingSink sink = new RecordingSink();

		feed(decoder, sink, Bytes.concat(frames), 65536);

		assertThat(sink.frames).containsExactlyElementsOf(payloads);
		assertThat(sink.errors).singleElement().isInstanceOf(SkippedBytesException.class)
			.extracting(FrameException::byteCount)
			.isEqualTo((long) large.length - large.length / 2);
	}

	@Test
	void resynchronisingOnAnAlignedStreamCostsOnlyItsFirstFrame() throws Exception {
		byte[] payload = randomBytes(1000, 5);
		byte[] frame = CODEC.encode(payload);
		LengthCrc32Decoder decoder = (LengthCrc32Decoder) CODEC.newDecoder("inbox");
		decoder.resynchronize();
		RecordingSink sink = new RecordingSink();

		feed(decoder, sink, Bytes.concat(frame, frame, frame, frame), 100_000);

		assertThat(sink.frames).containsExactly(payload, payload, payload, payload);
		assertThat(sink.errors).isEmpty();
		// the first frame scanned (each byte once), checked and copied; the other three read in step
		assertThat(decoder.work()).isLessThanOrEqualTo(3L * frame.length + 3L * frame.length);
	}

	@Test
	void aFrameWhoseDataIsAFrameDecodesWholeInStepAndAfterResynchronising() throws Exception {
		byte[] inner = CODEC.encode(FIRST);
		byte[] outer = Bytes.concat(inner, CODEC.encode(SECOND));
		FrameDecoder decoder = CODEC.newDecoder("inbox");

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(CODEC.encode(outer), new byte[] { 1, 2, 3 }, CODEC.encode(FIRST),
					CODEC.encode(outer)));

		// in step; then, found after the garbage, FIRST anchors the next frame, read whole
		assertThat(sink.frames).containsExactly(outer, FIRST, outer);
	}

	@Test
	void whileResynchronisingAFrameWhoseDataIsAFrameIsTakenForTheInnerFrame() throws Exception {
		byte[] outer = Bytes.concat(CODEC.encode(FIRST), new byte[] { 7, 7 });
		FrameDecoder decoder = CODEC.newDecoder("inbox");
		decoder.resynchronize();

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(CODEC.encode(outer), CODEC.encode(SECOND)))
			.end(decoder);

		// the documented limit: with no boundary known, the frame that completes first wins
		assertThat(sink.frames).containsExactly(FIRST, SECOND);
	}

	@Test
	void aCrcMismatchCostsOnlyThatFrame() throws Exception {
		byte[] corrupted = CODEC.encode(randomBytes(500, 1));
		corrupted[100] ^= 4;
		FrameDecoder decoder = CODEC.newDecoder("orders");

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(CODEC.encode(FIRST), corrupted, CODEC.encode(SECOND)));

		assertThat(sink.frames).containsExactly(FIRST, SECOND);
		assertThat(sink.errors).singleElement().isInstanceOf(CrcMismatchException.class);
	}

	@Test
	void framesInsideAFrameThatLostBytesAreFound() throws Exception {
		// a writer's frame lost its tail: its header claims bytes that belong to the frames after it
		byte[] broken = java.util.Arrays.copyOf(CODEC.encode(randomBytes(200, 2)), 100);
		FrameDecoder decoder = CODEC.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(broken, CODEC.encode(FIRST),
				CODEC.encode(SECOND), CODEC.encode(randomBytes(300, 4)), CODEC.encode(FIRST)));

		assertThat(sink.frames).hasSize(4).startsWith(FIRST, SECOND).endsWith(FIRST);
		assertThat(sink.errors).first().isInstanceOf(CrcMismatchException.class);
	}

	@Test
	void framesSwallowedByATruncatedFrameAreFoundAtTheEndOfTheStream() throws Exception {
		byte[] promise = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1008).putInt(1000).array();
		FrameDecoder decoder = CODEC.newDecoder("orders");

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(promise, CODEC.encode(FIRST), CODEC.encode(SECOND), new byte[] { 5 }));
		assertThat(sink.frames).isEmpty();
		sink.end(decoder);

		assertThat(sink.frames).containsExactly(FIRST, SECOND);
		// the promise, skipped; the byte after the frames, a frame the writer did not finish
		assertThat(sink.errors).extracting(FrameException::reason)
			.containsExactly(FrameException.Reason.SKIPPED, FrameException.Reason.TRUNCATED);
		assertThat(sink.errors).extracting(FrameException::byteCount).containsExactly(8L, 1L);
	}

	@Test
	void aHundredMegabytesOfGarbageMakeAHandfulOfErrors() throws Exception {
		FrameDecoder decoder = CODEC.newDecoder("flooded");
		CountingSink sink = new CountingSink();
		long total = 100L * 1024 * 1024;
		sink.feedRandom(decoder, total, 100);
		decoder.decode(ByteBuffer.wrap(CODEC.encode(FIRST)), sink);

		assertThat(sink.errors).isBetween(2, 10);
		assertThat(sink.frames).isGreaterThanOrEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(ints = { 1 << 20, 65536, 4099 })
	void nestedConsistentHeadersCostLinearWork(int readSize) {
		int max = 1 << 20;
		LengthCrc32Codec codec = CODEC.toBuilder().maxMessageSize(max).build();
		byte[] stream = nestedHeaders(max, 8 * max);
		LengthCrc32Decoder decoder = (LengthCrc32Decoder) codec.newDecoder("attacked");
		RecordingSink sink = new RecordingSink();

		long allocated = Allocations.measure(() -> feed(decoder, sink, stream, readSize));

		assertThat(sink.frames).isEmpty();
		assertThat(sink.errors).hasSizeLessThanOrEqualTo(3);
		// every byte read in step once, scanned once, and checked by at most each open candidate
		assertThat(decoder.work()).isLessThanOrEqualTo((LengthCrc32Scanner.MAX_CANDIDATES + 3L) * stream.length);
		// the first frame's array, and the ring that holds the oldest candidate (grown by doubling)
		assertThat(allocated).isLessThan(4L * max + (1 << 20));
		assertThat(decoder.bufferedBytes()).isLessThanOrEqualTo(max + LengthCrc32Codec.FRAME_OVERHEAD);
	}

	@Test
	void garbageWithoutAConsistentHeaderAllocatesNothing() {
		byte[] garbage = randomBytes(4 << 20, 9);
		assertThat(consistentHeaderAt(garbage, CODEC.maxMessageSize())).as("a consistent header in the garbage")
			.isNegative();
		FrameDecoder decoder = CODEC.newDecoder("orders");
		decoder.resynchronize();
		CountingSink sink = new CountingSink();
		decoder.decode(ByteBuffer.wrap(garbage, 0, 100), sink);
		List<ByteBuffer> reads = new ArrayList<>();
		for (int from = 100; from < garbage.length; from += 8192) {
			reads.add(ByteBuffer.wrap(garbage, from, Math.min(8192, garbage.length - from)));
		}

		// a loop, not forEach with a lambda: linking a lambda on first use allocates (71 KB on Java 25)
		long allocated = Allocations.measure(() -> {
			for (ByteBuffer read : reads) {
				decoder.decode(read, sink);
			}
		});

		assertThat(allocated).isLessThan(16 * 1024);
		assertThat(sink.errors).isZero(); // not yet: the stretch is reported when it ends
		assertThat(decoder.bufferedBytes()).isLessThan(8);
	}

	@Test
	void frameLikeHeadersWithoutACrcResynchroniseOnConsistencyAlone() throws Exception {
		LengthCrc32Codec noCrc = CODEC.toBuilder().crc(false).build();
		FrameDecoder decoder = CODEC.newDecoder("orders");
		decoder.resynchronize();
		// garbage that holds an empty frame with CRC 0: without a CRC to tell, it is delivered
		byte[] frameLike = Bytes.hex("0800000000000000" + "00000000");

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(new byte[] { 1, 2 }, frameLike, noCrc.encode(FIRST)));

		assertThat(sink.frames).containsExactly(new byte[0], FIRST);
	}

	@ParameterizedTest
	@ValueSource(ints = { LengthCrc32Scanner.MAX_CANDIDATES - 1, LengthCrc32Scanner.MAX_CANDIDATES })
	void aFrameIsLostOnlyWhenAllCandidatesAreTakenByCraftedHeaders(int fakes) throws Exception {
		ByteBuffer crafted = ByteBuffer.allocate(8 * fakes).order(ByteOrder.LITTLE_ENDIAN);
		while (crafted.hasRemaining()) {
			crafted.putInt(1008).putInt(1000); // headers claiming 1000 bytes that end in random filler
		}
		FrameDecoder decoder = CODEC.newDecoder("orders");
		decoder.resynchronize();

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(crafted.array(), CODEC.encode(FIRST), randomBytes(2000, 8), CODEC.encode(SECOND)))
			.end(decoder);

		if (fakes < LengthCrc32Scanner.MAX_CANDIDATES) {
			assertThat(sink.frames).containsExactly(FIRST, SECOND);
		}
		else {
			assertThat(sink.frames).containsExactly(SECOND);
		}
	}

	/** Feeds the stream in reads of {@code readSize} bytes, alternating heap and direct buffers of both orders. */
	private static void feed(FrameDecoder decoder, FrameSink sink, byte[] stream, int readSize) {
		int read = 0;
		for (int from = 0; from < stream.length; from += readSize, read++) {
			int to = Math.min(from + readSize, stream.length);
			ByteOrder order = (read % 2 == 0) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
			ByteBuffer source = (read % 3 == 0) ? Bytes.direct(stream, from, to, order)
					: ByteBuffer.wrap(stream, from, to - from).order(order);
			decoder.decode(source, sink);
			assertThat(source.hasRemaining()).isFalse();
		}
	}

	/**
	 * A crafted stream of little-endian u32s falling by 8 from near {@code max}: every fourth position
	 * is a header whose lengths are consistent, each nested inside the one before and none with a
	 * matching CRC (the values are 4 modulo 8, never 0): the worst case for a rescanning decoder.
	 */
	private static byte[] nestedHeaders(int max, int length) {
		ByteBuffer stream = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		int top = (max & ~7) - 4;
		int value = top;
		while (stream.remaining() >= 4) {
			stream.putInt(value);
			value = (value >= 8) ? value - 8 : top;
		}
		return stream.array();
	}

	/** The first position of a header consistent in either order within the maximum, or -1. */
	static int consistentHeaderAt(byte[] bytes, int max) {
		ByteBuffer little = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		ByteBuffer big = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
		for (int i = 0; i + 8 <= bytes.length; i++) {
			for (ByteBuffer view : List.of(little, big)) {
				long message = Integer.toUnsignedLong(view.getInt(i));
				long data = Integer.toUnsignedLong(view.getInt(i + 4));
				if (data <= max && message == data + 8) {
					return i;
				}
			}
		}
		return -1;
	}

	static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new SplittableRandom(seed).nextBytes(bytes);
		return bytes;
	}

}
