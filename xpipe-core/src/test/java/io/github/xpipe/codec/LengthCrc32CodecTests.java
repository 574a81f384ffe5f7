package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LengthCrc32CodecTests {

	private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] WORLD = "world!".getBytes(StandardCharsets.US_ASCII);

	static List<Arguments> settings() {
		return List.of(Arguments.of(ByteOrder.LITTLE_ENDIAN, true), Arguments.of(ByteOrder.LITTLE_ENDIAN, false),
				Arguments.of(ByteOrder.BIG_ENDIAN, true), Arguments.of(ByteOrder.BIG_ENDIAN, false));
	}

	@Test
	void defaultsToLittleEndianWithCrcAnd16MiB() {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		assertThat(codec.framing()).isEqualTo(Framing.LENGTH_CRC32);
		assertThat(codec.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
		assertThat(codec.crcEnabled()).isTrue();
		assertThat(codec.maxMessageSize()).isEqualTo(16 * 1024 * 1024);
		assertThat(codec).isEqualTo(new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 16 * 1024 * 1024))
			.hasSameHashCodeAs(new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 16 * 1024 * 1024))
			.isNotEqualTo(new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, 16 * 1024 * 1024));
		assertThat(codec.readByteOrder()).isEqualTo(LengthCrc32Codec.ReadByteOrder.DETECT);
		assertThat(codec.crcCheck()).isEqualTo(LengthCrc32Codec.CrcCheck.LENIENT);
		assertThat(codec).hasToString("LengthCrc32Codec[byteOrder=LITTLE_ENDIAN, readByteOrder=DETECT, "
				+ "crcCheck=LENIENT, crc=true, maxMessageSize=16777216]");
	}

	@Test
	void theBuilderSetsEverySettingAndStartsFromTheDefaults() {
		LengthCrc32Codec codec = LengthCrc32Codec.builder()
			.byteOrder(ByteOrder.BIG_ENDIAN)
			.readByteOrder(LengthCrc32Codec.ReadByteOrder.PINNED)
			.crcCheck(LengthCrc32Codec.CrcCheck.STRICT)
			.crc(false)
			.maxMessageSize(100)
			.build();
		assertThat(codec.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
		assertThat(codec.readByteOrder()).isEqualTo(LengthCrc32Codec.ReadByteOrder.PINNED);
		assertThat(codec.crcCheck()).isEqualTo(LengthCrc32Codec.CrcCheck.STRICT);
		assertThat(codec.crcEnabled()).isFalse();
		assertThat(codec.maxMessageSize()).isEqualTo(100);
		assertThat(codec.toBuilder().build()).isEqualTo(codec).hasSameHashCodeAs(codec);
		assertThat(codec.toBuilder().crcCheck(LengthCrc32Codec.CrcCheck.OFF).build()).isNotEqualTo(codec);
		assertThat(LengthCrc32Codec.builder().build()).isEqualTo(new LengthCrc32Codec());
	}

	@Test
	void theShortConstructorChecksCrcsLenientlyOrNotAtAll() {
		assertThat(new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, 10).crcCheck())
			.isEqualTo(LengthCrc32Codec.CrcCheck.LENIENT);
		assertThat(new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, false, 10).crcCheck())
			.isEqualTo(LengthCrc32Codec.CrcCheck.OFF);
		assertThat(new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, 10).readByteOrder())
			.isEqualTo(LengthCrc32Codec.ReadByteOrder.DETECT);
	}

	@Test
	void rejectsAMaximumOutsideTheSupportedRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, -1))
			.withMessageContaining("maxMessageSize");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, Integer.MAX_VALUE));
	}

	@ParameterizedTest
	@MethodSource("settings")
	void encodesTheHeaderDataAndCrcInTheConfiguredByteOrder(ByteOrder order, boolean crc) throws Exception {
		byte[] frame = new LengthCrc32Codec(order, crc, 1024).encode(HELLO);

		ByteBuffer fields = ByteBuffer.wrap(frame).order(order);
		assertThat(frame).hasSize(HELLO.length + 12);
		assertThat(fields.getInt(0)).isEqualTo(HELLO.length + 8);
		assertThat(fields.getInt(4)).isEqualTo(HELLO.length);
		assertThat(ByteBuffer.wrap(frame, 8, HELLO.length)).isEqualTo(ByteBuffer.wrap(HELLO));
		assertThat(Integer.toUnsignedLong(fields.getInt(8 + HELLO.length))).isEqualTo(crc ? crcOf(HELLO) : 0);
	}

	@ParameterizedTest
	@MethodSource("settings")
	void encodesIntoHeapAndDirectTargetsOfEitherOrderAtTheirPosition(ByteOrder order, boolean crc) throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec(order, crc, 1024);
		byte[] expected = codec.encode(WORLD);
		byte[] padded = Bytes.concat(HELLO, WORLD, HELLO);
		for (ByteBuffer target : List.of(ByteBuffer.allocate(40), ByteBuffer.allocateDirect(40),
				ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN),
				ByteBuffer.allocateDirect(40).order(ByteOrder.LITTLE_ENDIAN))) {
			ByteOrder targetOrder = target.order();
			target.position(5);
			codec.encode(padded, HELLO.length, WORLD.length, target);
			assertThat(target.position()).isEqualTo(5 + expected.length);
			assertThat(target.order()).isEqualTo(targetOrder);
			byte[] written = new byte[expected.length];
			target.get(5, written);
			assertThat(written).isEqualTo(expected);
		}
	}

	@Test
	void encodedLengthAddsTwelveBytesUpToTheMaximum() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 100);
		assertThat(codec.encodedLength(0)).isEqualTo(12);
		assertThat(codec.encodedLength(100)).isEqualTo(112);
		assertThat(codec.encode(new byte[100])).hasSize(112);
		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> codec.encodedLength(101))
			.satisfies((ex) -> {
				assertThat(ex.pipeName()).isEmpty();
				assertThat(ex.byteCount()).isEqualTo(101);
				assertThat(ex.reason()).isEqualTo(FrameException.Reason.TOO_LARGE);
			})
			.withMessage("message of 101 bytes exceeds the maximum message size of 100 bytes");
		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> codec.encode(new byte[101]));
		assertThatIllegalArgumentException().isThrownBy(() -> codec.encodedLength(-1));
	}

	@Test
	void encodeRejectsATargetTooSmallWithoutWritingToIt() {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		ByteBuffer target = ByteBuffer.allocate(HELLO.length + 11);
		assertThatIllegalArgumentException().isThrownBy(() -> codec.encode(HELLO, 0, HELLO.length, target))
			.withMessageContaining("the frame needs 17");
		assertThat(target.position()).isZero();
	}

	@ParameterizedTest
	@MethodSource("settings")
	void decodesManyFramesFromOneHeapOrDirectBufferOfEitherOrder(ByteOrder order, boolean crc) throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec(order, crc, 1024);
		byte[] stream = Bytes.concat(codec.encode(HELLO), codec.encode(new byte[0]), codec.encode(WORLD));
		for (ByteOrder sourceOrder : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
			for (ByteBuffer source : List.of(ByteBuffer.wrap(stream).order(sourceOrder),
					Bytes.offsetHeap(stream, 0, stream.length, sourceOrder),
					Bytes.direct(stream, 0, stream.length, sourceOrder))) {
				FrameDecoder decoder = codec.newDecoder("orders");
				RecordingSink sink = new RecordingSink().feed(decoder, source).end(decoder);
				assertThat(sink.errors).isEmpty();
				assertThat(sink.frames).containsExactly(HELLO, new byte[0], WORLD);
				assertThat(source.order()).isEqualTo(sourceOrder);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("settings")
	void decodesFramesSplitAnywhere(ByteOrder order, boolean crc) throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec(order, crc, 1024);
		byte[] stream = Bytes.concat(codec.encode(HELLO), codec.encode(WORLD));
		for (int first = 0; first <= stream.length; first++) {
			for (int second = first; second <= stream.length; second++) {
				FrameDecoder decoder = codec.newDecoder("orders");
				RecordingSink sink = new RecordingSink().feed(decoder, Bytes.direct(stream, 0, first, order))
					.feed(decoder, ByteBuffer.wrap(stream, first, second - first))
					.feed(decoder, Bytes.offsetHeap(stream, second, stream.length, ByteOrder.LITTLE_ENDIAN));
				assertThat(decoder.bufferedBytes()).isZero();
				sink.end(decoder);
				assertThat(sink.errors).as("split at %d and %d", first, second).isEmpty();
				assertThat(sink.frames).as("split at %d and %d", first, second).containsExactly(HELLO, WORLD);
			}
		}
	}

	@Test
	void bufferedBytesCountsThePartialFrameHeld() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		byte[] frame = codec.encode(HELLO);
		FrameDecoder decoder = codec.newDecoder("orders");
		RecordingSink sink = new RecordingSink();
		int fed = 0;
		for (int chunk : new int[] { 3, 5, 2, 3, 2, 2 }) {
			assertThat(decoder.bufferedBytes()).isEqualTo(fed);
			sink.feed(decoder, ByteBuffer.wrap(frame, fed, chunk));
			fed += chunk;
		}
		assertThat(fed).isEqualTo(frame.length);
		assertThat(decoder.bufferedBytes()).isZero();
		assertThat(sink.frames).containsExactly(HELLO);
	}

	@Test
	void missingBytesCountsWhatCompletesAFrameOnceItsLengthIsKnown() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		byte[] frame = codec.encode(HELLO);
		FrameDecoder decoder = codec.newDecoder("orders");
		RecordingSink sink = new RecordingSink();
		// Header unknown, then known (5 data + 4 CRC missing), then data and CRC arriving.
		long[] missingBefore = { 0, 0, 9, 6, 3, 2 };
		int[] chunks = { 3, 5, 3, 3, 1, 2 };
		int fed = 0;
		for (int i = 0; i < chunks.length; i++) {
			assertThat(decoder.missingBytes()).as("before byte %d", fed).isEqualTo(missingBefore[i]);
			sink.feed(decoder, ByteBuffer.wrap(frame, fed, chunks[i]));
			fed += chunks[i];
		}
		assertThat(fed).isEqualTo(frame.length);
		assertThat(decoder.missingBytes()).isZero();
		assertThat(sink.frames).containsExactly(HELLO);
	}

	@Test
	void missingBytesIsZeroAfterARejectedLength() {
		LengthCrc32Codec codec = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 100);
		byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(101 + 8).putInt(101).array();
		FrameDecoder decoder = codec.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, header);

		assertThat(sink.errors).singleElement().isInstanceOf(FrameTooLargeException.class);
		assertThat(decoder.missingBytes()).isZero();
	}

	@Test
	void crcMismatchDropsThatFrameOnlyAndTheNextFrameArrives() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		byte[] corrupted = codec.encode(HELLO);
		corrupted[9] ^= 0x20;
		FrameDecoder decoder = codec.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(corrupted, codec.encode(WORLD)));

		assertThat(sink.frames).containsExactly(WORLD);
		assertThat(sink.errors).singleElement().isInstanceOfSatisfying(CrcMismatchException.class, (error) -> {
			assertThat(error.pipeName()).isEqualTo("orders");
			assertThat(error.byteCount()).isEqualTo(corrupted.length);
			assertThat(error.reason()).isEqualTo(FrameException.Reason.CRC);
			assertThat(error.getMessage()).startsWith("Pipe 'orders': CRC-32 mismatch")
				.contains("5 data bytes", "0x" + Long.toHexString(crcOf(HELLO)));
		});
		assertThat(sink.events.get(0)).isInstanceOf(CrcMismatchException.class);
	}

	@Test
	void crcFieldIsIgnoredWhenCrcIsOff() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, false, 1024);
		byte[] withCrc = new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, 1024).encode(HELLO);
		byte[] garbageCrc = codec.encode(WORLD);
		garbageCrc[garbageCrc.length - 1] = 0x5a;
		FrameDecoder decoder = codec.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(withCrc, garbageCrc));

		assertThat(sink.errors).isEmpty();
		assertThat(sink.frames).containsExactly(HELLO, WORLD);
	}

	@Test
	void malformedLengthsAreReportedOnceAndTheNextFrameIsFoundWithoutWaitingForTheWriter() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		byte[] good = codec.encode(HELLO);
		byte[] malformed = codec.encode(WORLD);
		malformed[0]++;
		FrameDecoder decoder = codec.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(good, malformed, good));
		sink.feed(decoder, good);

		assertThat(sink.frames).containsExactly(HELLO, HELLO, HELLO);
		assertThat(sink.errors).hasSize(2);
		assertThat(sink.errors.get(0)).isInstanceOfSatisfying(MalformedFrameException.class, (error) -> {
			assertThat(error.reason()).isEqualTo(FrameException.Reason.MALFORMED);
			assertThat(error.pipeName()).isEqualTo("orders");
			assertThat(error.byteCount()).isEqualTo(8);
			assertThat(error.getMessage()).contains("messageLength 15 is not dataLength 6 + 8",
					"resynchronising on the next valid frame").doesNotContain("disconnect");
		});
		// the rest of the malformed frame: its data and CRC
		assertThat(sink.errors.get(1)).isInstanceOfSatisfying(SkippedBytesException.class, (error) -> {
			assertThat(error.reason()).isEqualTo(FrameException.Reason.SKIPPED);
			assertThat(error.byteCount()).isEqualTo(malformed.length - 8);
		});
		assertThat(sink.events.get(2)).isSameAs(sink.errors.get(1)); // reported before the frame that ends the stretch
		assertThat(decoder.bufferedBytes()).isZero();
	}

	@Test
	void theMaximumIsInclusive() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 100);
		byte[] largest = new byte[100];
		largest[99] = 7;
		byte[] tooLarge = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 101).encode(new byte[101]);
		FrameDecoder decoder = codec.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(codec.encode(largest), tooLarge))
			.feed(decoder, codec.encode(HELLO));

		assertThat(sink.frames).containsExactly(largest, HELLO);
		assertThat(sink.errors).hasSize(2);
		assertThat(sink.errors.get(0)).isInstanceOfSatisfying(FrameTooLargeException.class, (error) -> {
			assertThat(error.byteCount()).isEqualTo(113);
			assertThat(error.getMessage()).contains("declares 101 data bytes (read little-endian)",
					"maximum message size of 100 bytes", "resynchronising on the next valid frame",
					"xpipe.pipes.<name>.max-message-size");
		});
		assertThat(sink.errors.get(1)).isInstanceOf(SkippedBytesException.class)
			.extracting(FrameException::byteCount)
			.isEqualTo(101L + 4);
	}

	@Test
	void aLengthOverTheMaximumIsNeverAllocated() {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		// A claim of 16 MiB + 1 bytes, header only: rejecting it must not allocate anything near that.
		byte[] header = ByteBuffer.allocate(8)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putInt(codec.maxMessageSize() + 9)
			.putInt(codec.maxMessageSize() + 1)
			.array();
		FrameDecoder decoder = codec.newDecoder("orders");
		RecordingSink sink = new RecordingSink();

		long allocated = Allocations.measure(() -> sink.feed(decoder, header).feed(decoder, new byte[4096]));

		assertThat(allocated).isLessThan(1024 * 1024);
		assertThat(sink.errors).singleElement().isInstanceOf(FrameTooLargeException.class);
		// while resynchronising, no more than the bytes a header may straddle reads with
		assertThat(decoder.bufferedBytes()).isLessThan(8);
	}

	@Test
	void lengthsAreUnsigned() {
		LengthCrc32Codec codec = new LengthCrc32Codec(ByteOrder.BIG_ENDIAN, true, LengthCrc32Codec.MAX_SUPPORTED_MESSAGE_SIZE);
		byte[] header = Bytes.hex("80000007" + "7fffffff");
		FrameDecoder decoder = codec.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, header);

		assertThat(sink.errors).singleElement().isInstanceOfSatisfying(FrameTooLargeException.class,
				(error) -> assertThat(error.byteCount()).isEqualTo(0x7fffffffL + 12));
	}

	@Test
	void aPartialFrameAtEndOfStreamIsReportedAsTruncatedAndDroppedWhenItHoldsNoFrame() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		byte[] frame = codec.encode(WORLD);
		FrameDecoder decoder = codec.newDecoder("orders");
		RecordingSink sink = new RecordingSink();

		sink.feed(decoder, ByteBuffer.wrap(frame, 0, 5)).end(decoder);
		sink.feed(decoder, ByteBuffer.wrap(frame, 0, 11)).end(decoder);
		sink.feed(decoder, ByteBuffer.wrap(frame, 0, frame.length - 1)).end(decoder);
		sink.feed(decoder, frame).end(decoder);

		assertThat(sink.frames).containsExactly(WORLD);
		assertThat(sink.errors).hasSize(3).allSatisfy((error) -> {
			assertThat(error).isInstanceOf(TruncatedFrameException.class);
			assertThat(error.reason()).isEqualTo(FrameException.Reason.TRUNCATED);
			assertThat(error.pipeName()).isEqualTo("orders");
		});
		assertThat(sink.errors).extracting(FrameException::byteCount).containsExactly(5L, 11L, 17L);
		assertThat(sink.errors.get(1).getMessage()).contains("after 11 of 18 bytes");
		assertThat(decoder.bufferedBytes()).isZero();
	}

	@Test
	void endOfStreamBetweenFramesReportsNothing() throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		FrameDecoder decoder = codec.newDecoder("orders");
		RecordingSink sink = new RecordingSink().end(decoder).feed(decoder, codec.encode(HELLO)).end(decoder);
		assertThat(sink.errors).isEmpty();
		assertThat(sink.frames).containsExactly(HELLO);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void decodingAllocatesTheDeliveredPayloadsAndNothingElse(boolean direct) throws Exception {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		byte[] frame = codec.encode(new byte[100]);
		ByteBuffer stream = direct ? ByteBuffer.allocateDirect(1000 * frame.length) : ByteBuffer.allocate(1000 * frame.length);
		for (int i = 0; i < 1000; i++) {
			stream.put(frame);
		}
		stream.flip();
		FrameDecoder decoder = codec.newDecoder("orders");
		CountingSink sink = new CountingSink();
		decoder.decode(stream.duplicate(), sink);

		long allocated = Allocations.measure(() -> decoder.decode(stream.duplicate(), sink));

		assertThat(sink.frames).isEqualTo(2000);
		assertThat(sink.errors).isZero();
		assertThat(allocated).isLessThan(1000 * CountingSink.arrayFootprint(100) + 16 * 1024);
	}

	private static long crcOf(byte[] data) {
		CRC32 crc = new CRC32();
		crc.update(data);
		return crc.getValue();
	}

}
