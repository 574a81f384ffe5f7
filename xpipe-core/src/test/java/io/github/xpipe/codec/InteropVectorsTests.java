package io.github.xpipe.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every vector of the shared interop file ({@code shared/interop/vectors.json} beside the project
 * root): valid frames must encode and decode byte for byte, invalid inputs must be rejected with the
 * right typed error, without throwing and without allocating what they claim.
 */
class InteropVectorsTests {

	private static final Path VECTORS = Path.of("shared", "interop", "vectors.json");

	/** Generous bound on what decoding one small invalid input may allocate; a claimed length is far above it. */
	private static final long ALLOCATION_BOUND = 1024 * 1024;

	@TestFactory
	Stream<DynamicNode> validVectors() throws IOException {
		List<Map<String, Object>> vectors = JsonPath.parse(Files.readString(locateVectors())).read("$.vectors");
		assertThat(vectors).as("vectors in %s", locateVectors()).isNotEmpty();
		return vectors.stream().map((vector) -> {
			FrameCodec codec = codecFor(vector);
			byte[] frame = Bytes.hex((String) vector.get("frameHex"));
			List<byte[]> payloads = payloadsOf(vector);
			return DynamicContainer.dynamicContainer((String) vector.get("name"), Stream.of(
					DynamicTest.dynamicTest("encode", () -> assertEncodes(codec, payloads, frame)),
					DynamicTest.dynamicTest("decode whole", () -> assertDecodesWhole(codec, frame, payloads)),
					DynamicTest.dynamicTest("decode split", () -> assertDecodesSplit(codec, frame, payloads))));
		});
	}

	@TestFactory
	Stream<DynamicTest> invalidVectors() throws IOException {
		List<Map<String, Object>> invalid = JsonPath.parse(Files.readString(locateVectors())).read("$.invalid");
		assertThat(invalid).as("invalid inputs in %s", locateVectors()).isNotEmpty();
		return invalid.stream()
			.map((vector) -> DynamicTest.dynamicTest((String) vector.get("name"), () -> assertRejects(vector)));
	}

	private static void assertEncodes(FrameCodec codec, List<byte[]> payloads, byte[] frame) throws IOException {
		List<byte[]> frames = new ArrayList<>();
		for (byte[] payload : payloads) {
			frames.add(codec.encode(payload));
		}
		assertThat(Bytes.hex(Bytes.concat(frames))).isEqualTo(Bytes.hex(frame));
		ByteBuffer target = ByteBuffer.allocateDirect(frame.length + 3);
		target.position(3);
		for (byte[] payload : payloads) {
			byte[] padded = Bytes.concat(new byte[] { 1, 2 }, payload, new byte[] { 3 });
			codec.encode(padded, 2, payload.length, target);
		}
		assertThat(target.remaining()).isZero();
		byte[] written = new byte[frame.length];
		target.get(3, written);
		assertThat(Bytes.hex(written)).isEqualTo(Bytes.hex(frame));
		int total = 0;
		for (byte[] payload : payloads) {
			total += codec.encodedLength(payload.length);
		}
		assertThat(total).isEqualTo(frame.length);
	}

	private static void assertDecodesWhole(FrameCodec codec, byte[] frame, List<byte[]> payloads) {
		for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
			for (ByteBuffer source : List.of(ByteBuffer.wrap(frame).order(order),
					Bytes.offsetHeap(frame, 0, frame.length, order), Bytes.direct(frame, 0, frame.length, order))) {
				FrameDecoder decoder = codec.newDecoder("vectors");
				RecordingSink sink = new RecordingSink().feed(decoder, source);
				assertThat(decoder.bufferedBytes()).isZero();
				sink.end(decoder);
				assertThat(sink.errors).isEmpty();
				assertThat(sink.frames).containsExactlyElementsOf(payloads);
			}
		}
	}

	private static void assertDecodesSplit(FrameCodec codec, byte[] frame, List<byte[]> payloads) {
		FrameDecoder decoder = codec.newDecoder("vectors");
		RecordingSink byteByByte = new RecordingSink();
		for (int i = 0; i < frame.length; i++) {
			byteByByte.feed(decoder, Bytes.direct(frame, i, i + 1, ByteOrder.BIG_ENDIAN));
		}
		byteByByte.end(decoder);
		assertThat(byteByByte.errors).isEmpty();
		assertThat(byteByByte.frames).containsExactlyElementsOf(payloads);

		int step = Math.max(1, frame.length / 257);
		for (int split = 0; split <= frame.length; split += step) {
			RecordingSink sink = new RecordingSink().feed(decoder, Bytes.offsetHeap(frame, 0, split, ByteOrder.BIG_ENDIAN))
				.feed(decoder, Bytes.direct(frame, split, frame.length, ByteOrder.LITTLE_ENDIAN))
				.end(decoder);
			assertThat(sink.errors).as("split at %d", split).isEmpty();
			assertThat(sink.frames).as("split at %d", split).containsExactlyElementsOf(payloads);
		}
	}

	private static void assertRejects(Map<String, Object> vector) throws IOException {
		FrameCodec codec = codecFor(vector);
		byte[] input = Bytes.hex((String) vector.get("frameHex"));
		Class<? extends FrameException> expected = expectedError((String) vector.get("error"));
		FrameDecoder decoder = codec.newDecoder("vectors");
		RecordingSink sink = new RecordingSink();

		long allocated = Allocations.measure(() -> sink.feed(decoder, input));

		assertThat(allocated).as("bytes allocated decoding %d bytes of invalid input", input.length)
			.isLessThan(ALLOCATION_BOUND);
		assertThat(sink.frames).isEmpty();
		assertThat(sink.errors).singleElement().isInstanceOf(expected).satisfies((error) -> {
			assertThat(error.pipeName()).isEqualTo("vectors");
			assertThat(error.byteCount()).isPositive();
			assertThat(error.getMessage()).startsWith("Pipe 'vectors': ");
		});

		// Nothing is lost after it: the next good message arrives at once, without the writer leaving;
		// what the rejected input held after the part reported is reported as skipped
		byte[] next = codec.encode(new byte[] { 'n', 'e', 'x', 't' });
		sink.feed(decoder, next);
		assertThat(sink.frames).singleElement().isEqualTo("next".getBytes());
		assertThat(sink.errors.subList(1, sink.errors.size()))
			.allSatisfy((error) -> assertThat(error).isInstanceOf(SkippedBytesException.class));
		assertThat(sink.errors).hasSizeLessThanOrEqualTo(2);
		sink.end(decoder).feed(decoder, next).end(decoder);
		assertThat(sink.frames).hasSize(2).last().isEqualTo("next".getBytes());
	}

	/**
	 * Every {@code length-crc32} vector, whatever its byte order and CRC setting, decodes with a
	 * decoder of the default settings: the order is detected, a CRC of 0 means "not computed".
	 */
	@TestFactory
	Stream<DynamicTest> defaultDecoderReadsEveryLengthCrc32Vector() throws IOException {
		List<Map<String, Object>> vectors = JsonPath.parse(Files.readString(locateVectors())).read("$.vectors");
		return vectors.stream()
			.filter((vector) -> "length-crc32".equals(vector.get("framing")))
			.map((vector) -> DynamicTest.dynamicTest((String) vector.get("name"), () -> {
				byte[] frame = Bytes.hex((String) vector.get("frameHex"));
				assertDecodesWhole(new LengthCrc32Codec(), frame, payloadsOf(vector));
				assertDecodesSplit(new LengthCrc32Codec(), frame, payloadsOf(vector));
			}));
	}

	private static Class<? extends FrameException> expectedError(String error) {
		if (error.startsWith("crc mismatch")) {
			return CrcMismatchException.class;
		}
		if (error.startsWith("messageLength != dataLength + 8")) {
			return MalformedFrameException.class;
		}
		if (error.startsWith("length over the configured maximum")) {
			return FrameTooLargeException.class;
		}
		if (error.startsWith("invalid base64")) {
			return InvalidBase64Exception.class;
		}
		return fail("No expected exception type for the error '%s' of an invalid vector: map it in this test", error);
	}

	private static FrameCodec codecFor(Map<String, Object> vector) {
		Framing framing = Framing.fromId((String) vector.get("framing"));
		return switch (framing) {
			case BASE64 -> new Base64Codec();
			case LENGTH_CRC32 -> LengthCrc32Codec.builder()
				.byteOrder(byteOrder((String) vector.get("byteOrder")))
				.crc((Boolean) vector.get("crc"))
				.build();
		};
	}

	private static ByteOrder byteOrder(String name) {
		return switch (name) {
			case "little" -> ByteOrder.LITTLE_ENDIAN;
			case "big" -> ByteOrder.BIG_ENDIAN;
			default -> fail("Unknown byteOrder '%s' in vectors.json", name);
		};
	}

	@SuppressWarnings("unchecked")
	private static List<byte[]> payloadsOf(Map<String, Object> vector) {
		if (vector.containsKey("payloadsHex")) {
			return ((List<String>) vector.get("payloadsHex")).stream().map(Bytes::hex).toList();
		}
		return List.of(Bytes.hex((String) vector.get("payloadHex")));
	}

	/**
	 * Finds {@code shared/interop/vectors.json} in the working directory or the nearest ancestor
	 * holding it (the project root's parent, whether the build runs from the root or a module).
	 */
	static Path locateVectors() {
		Path start = Path.of("").toAbsolutePath();
		for (Path dir = start; dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(VECTORS);
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		return fail("Interop vectors not found: no %s in %s or any parent directory. They live in "
				+ "../shared/interop/vectors.json relative to the project root; check out the shared directory "
				+ "beside the project.", VECTORS, start);
	}

}
