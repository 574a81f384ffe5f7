package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Codec.ReadByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a {@code length-crc32} decoder decides the byte order of what it reads (detected per stream,
 * or pinned) and how it checks the crc32 field (lenient, strict, off).
 */
class LengthCrc32ReadPoliciesTests {

	private static final byte[] HELLO = "Hello".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] WORLD = "world!".getBytes(StandardCharsets.US_ASCII);

	private static final LengthCrc32Codec LITTLE = LengthCrc32Codec.builder().build();

	private static final LengthCrc32Codec BIG = LengthCrc32Codec.builder().byteOrder(ByteOrder.BIG_ENDIAN).build();

	private static final LengthCrc32Codec BIG_NO_CRC = BIG.toBuilder().crc(false).build();

	@ParameterizedTest
	@EnumSource(names = { "LITTLE_ENDIAN", "BIG_ENDIAN" })
	void aDefaultDecoderReadsEitherOrderTakingItFromTheFirstFrame(Order written) throws Exception {
		LengthCrc32Codec writer = LITTLE.toBuilder().byteOrder(written.order).build();
		FrameDecoder decoder = LITTLE.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(writer.encode(HELLO), writer.encode(WORLD)));

		assertThat(sink.errors).isEmpty();
		assertThat(sink.frames).containsExactly(HELLO, WORLD);
	}

	@Test
	void aFrameInTheOtherOrderThanTheStreamsFirstIsNamedAndTheNextFrameArrives() throws Exception {
		FrameDecoder decoder = LITTLE.newDecoder("orders");

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(LITTLE.encode(HELLO), BIG.encode(WORLD), LITTLE.encode(HELLO)));

		assertThat(sink.frames).containsExactly(HELLO, HELLO);
		assertThat(sink.errors).first().isInstanceOfSatisfying(WrongByteOrderException.class, (error) -> {
			assertThat(error.reason()).isEqualTo(FrameException.Reason.BYTE_ORDER);
			assertThat(error.reason().tag()).isEqualTo("byte-order");
			assertThat(error.byteCount()).isEqualTo(WORLD.length + 12);
			assertThat(error.getMessage()).startsWith("Pipe 'orders': big-endian length-crc32 frame (6 data bytes) "
					+ "on a stream whose first frame was little-endian")
				.contains("xpipe.pipes.<name>.byte-order", "LengthCrc32Codec.Builder.byteOrder");
		});
		assertThat(sink.errors.subList(1, sink.errors.size())).allSatisfy((error) -> assertThat(error).isInstanceOf(SkippedBytesException.class));
	}

	@Test
	void theDetectedOrderLastsUntilTheEndOfTheStream() throws Exception {
		FrameDecoder decoder = LITTLE.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, BIG.encode(HELLO)).end(decoder);
		sink.feed(decoder, LITTLE.encode(WORLD)).end(decoder);

		assertThat(sink.errors).isEmpty();
		assertThat(sink.frames).containsExactly(HELLO, WORLD);
	}

	@Test
	void aPinnedOrderRejectsTheOtherNamingBothAndTheSettingsToChange() throws Exception {
		LengthCrc32Codec pinned = LITTLE.toBuilder().readByteOrder(ReadByteOrder.PINNED).build();
		FrameDecoder decoder = pinned.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(BIG.encode(HELLO), pinned.encode(WORLD)));

		assertThat(sink.frames).containsExactly(WORLD);
		assertThat(sink.errors).first().isInstanceOfSatisfying(WrongByteOrderException.class,
				(error) -> assertThat(error.getMessage())
					.contains("big-endian length-crc32 frame (5 data bytes) on a pipe pinned to little-endian",
							"xpipe.pipes.<name>.byte-order: big-endian", "xpipe.pipes.<name>.read-byte-order: detect",
							"readByteOrder(ReadByteOrder.DETECT)"));
	}

	@Test
	void aPinnedOrderIsReadWithoutLookingAtTheOther() throws Exception {
		LengthCrc32Codec pinned = BIG.toBuilder().readByteOrder(ReadByteOrder.PINNED).build();
		FrameDecoder decoder = pinned.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(BIG.encode(HELLO), BIG.encode(WORLD)));

		assertThat(sink.errors).isEmpty();
		assertThat(sink.frames).containsExactly(HELLO, WORLD);
	}

	@Test
	void resynchronisingOnceTheOrderIsKnownLooksForThatOrderOnly() throws Exception {
		FrameDecoder decoder = LITTLE.newDecoder("orders");
		byte[] garbage = { 1, 2, 3 };

		RecordingSink sink = new RecordingSink().feed(decoder,
				Bytes.concat(LITTLE.encode(HELLO), garbage, BIG.encode(WORLD), LITTLE.encode(HELLO)));

		assertThat(sink.frames).containsExactly(HELLO, HELLO);
		assertThat(sink.errors).allSatisfy((error) -> assertThat(error).isNotInstanceOf(WrongByteOrderException.class));
	}

	@Test
	void resynchronisingBeforeTheOrderIsKnownLooksForBoth() throws Exception {
		FrameDecoder decoder = LITTLE.newDecoder("orders");
		decoder.resynchronize();

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(new byte[] { 9, 9, 9 }, BIG.encode(WORLD), BIG.encode(HELLO)));

		assertThat(sink.frames).containsExactly(WORLD, HELLO);
		assertThat(sink.errors).singleElement().isInstanceOf(SkippedBytesException.class)
			.extracting(FrameException::byteCount).isEqualTo(3L);
	}

	@Test
	void lenientCrcCheckingTakesZeroForNotComputedAndChecksAnythingElse() throws Exception {
		FrameDecoder decoder = BIG.newDecoder("orders");
		byte[] wrong = BIG.encode(HELLO);
		wrong[wrong.length - 1] ^= 1;

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(BIG_NO_CRC.encode(HELLO), wrong, BIG_NO_CRC.encode(WORLD)));

		assertThat(sink.frames).containsExactly(HELLO, WORLD);
		assertThat(sink.errors).singleElement().isInstanceOfSatisfying(CrcMismatchException.class,
				(error) -> assertThat(error.getMessage()).contains("CRC-32 mismatch", "xpipe.pipes.<name>.crc-check: off",
						"LengthCrc32Codec.Builder.crcCheck(CrcCheck.OFF)"));
	}

	@Test
	void strictCrcCheckingRejectsZeroNamingTheSettingThatAcceptsIt() throws Exception {
		LengthCrc32Codec strict = BIG.toBuilder().crcCheck(CrcCheck.STRICT).build();
		FrameDecoder decoder = strict.newDecoder("orders");

		RecordingSink sink = new RecordingSink()
			.feed(decoder, Bytes.concat(BIG_NO_CRC.encode(HELLO), BIG.encode(WORLD), BIG_NO_CRC.encode(new byte[0])));

		// the CRC-32 of no bytes is 0: an empty frame passes even a strict check
		assertThat(sink.frames).containsExactly(WORLD, new byte[0]);
		assertThat(sink.errors).singleElement().isInstanceOfSatisfying(CrcMismatchException.class,
				(error) -> assertThat(error.getMessage())
					.contains("carries CRC 0 (not computed by its sender) on a pipe with strict CRC checking",
							"xpipe.pipes.<name>.crc-check: lenient", "crcCheck(CrcCheck.LENIENT)"));
	}

	@Test
	void crcCheckingOffAcceptsAnyField() throws Exception {
		LengthCrc32Codec off = BIG.toBuilder().crcCheck(CrcCheck.OFF).build();
		byte[] garbageCrc = BIG.encode(HELLO);
		garbageCrc[garbageCrc.length - 1] ^= 0x5a;
		FrameDecoder decoder = off.newDecoder("orders");

		RecordingSink sink = new RecordingSink().feed(decoder, Bytes.concat(garbageCrc, BIG_NO_CRC.encode(WORLD)));

		assertThat(sink.errors).isEmpty();
		assertThat(sink.frames).containsExactly(HELLO, WORLD);
	}

	@Test
	void aHeaderConsistentInNeitherOrderIsMalformedInBoth() {
		FrameDecoder decoder = LITTLE.newDecoder("orders");
		byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(20).putInt(5).array();

		RecordingSink sink = new RecordingSink().feed(decoder, header);

		assertThat(sink.errors).singleElement().isInstanceOfSatisfying(MalformedFrameException.class,
				(error) -> assertThat(error.getMessage()).contains("messageLength 20 is not dataLength 5 + 8",
						"read little-endian, nor in the other byte order"));
	}

	@Test
	void aHeaderTooLargeInTheOtherOrderSaysSo() {
		LengthCrc32Codec small = LITTLE.toBuilder().maxMessageSize(100).build();
		FrameDecoder decoder = small.newDecoder("orders");
		byte[] header = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(1000 + 8).putInt(1000).array();

		RecordingSink sink = new RecordingSink().feed(decoder, header);

		assertThat(sink.errors).singleElement().isInstanceOfSatisfying(FrameTooLargeException.class,
				(error) -> assertThat(error.getMessage()).contains("declares 1000 data bytes (read big-endian)"));
	}

	enum Order {

		LITTLE_ENDIAN(ByteOrder.LITTLE_ENDIAN), BIG_ENDIAN(ByteOrder.BIG_ENDIAN);

		final ByteOrder order;

		Order(ByteOrder order) {
			this.order = order;
		}

	}

}
