package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Encoding with the {@code base64} framing, and its settings. */
class Base64CodecTests {

	private static final byte[] HELLO = ascii("Hello");

	private static final byte[] WORLD = ascii("world!");

	@Test
	void defaultsTo16MiBOfEncodedBytes() {
		Base64Codec codec = new Base64Codec();
		assertThat(codec.framing()).isEqualTo(Framing.BASE64);
		assertThat(codec.maxMessageSize()).isEqualTo(16 * 1024 * 1024);
		assertThat(codec).isEqualTo(new Base64Codec(16 * 1024 * 1024))
			.hasSameHashCodeAs(new Base64Codec(16 * 1024 * 1024))
			.isNotEqualTo(new Base64Codec(1024))
			.hasToString("Base64Codec[maxMessageSize=16777216]");
		assertThatIllegalArgumentException().isThrownBy(() -> new Base64Codec(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> new Base64Codec(Integer.MAX_VALUE));
	}

	@Test
	void encodesPaddedBase64AndADelimiter() throws Exception {
		Base64Codec codec = new Base64Codec();
		assertThat(codec.encode(new byte[0])).containsExactly(0);
		assertThat(codec.encode(HELLO)).isEqualTo(ascii("SGVsbG8=\0"));
		assertThat(codec.encode(ascii("Hell"))).isEqualTo(ascii("SGVsbA==\0"));
		assertThat(codec.encode(ascii("Hel"))).isEqualTo(ascii("SGVs\0"));
		assertThat(codec.encode(new byte[] { (byte) 0xfb, (byte) 0xff })).isEqualTo(ascii("+/8=\0"));
	}

	@Test
	void encodedLengthIsFourBytesPerThreeRoundedUpPlusTheDelimiter() throws Exception {
		Base64Codec codec = new Base64Codec(12);
		assertThat(codec.encodedLength(0)).isEqualTo(1);
		assertThat(codec.encodedLength(1)).isEqualTo(5);
		assertThat(codec.encodedLength(3)).isEqualTo(5);
		assertThat(codec.encodedLength(4)).isEqualTo(9);
		assertThat(codec.encodedLength(9)).isEqualTo(13);
		assertThat(codec.encode(new byte[9])).hasSize(13);
		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> codec.encodedLength(10))
			.withMessage("message of 10 bytes encodes to 16 bytes of Base64, over the maximum datagram size of 12 bytes")
			.satisfies((ex) -> {
				assertThat(ex.byteCount()).isEqualTo(16);
				assertThat(ex.pipeName()).isEmpty();
			});
		assertThatExceptionOfType(FrameTooLargeException.class).isThrownBy(() -> codec.encode(new byte[10]));
		assertThatIllegalArgumentException().isThrownBy(() -> codec.encodedLength(-1));
		assertThat(new Base64Codec(Base64Codec.MAX_SUPPORTED_MESSAGE_SIZE).encodedLength(Integer.MAX_VALUE / 2))
			.isEqualTo(4 * ((Integer.MAX_VALUE / 2 + 2) / 3) + 1);
		assertThatExceptionOfType(FrameTooLargeException.class)
			.isThrownBy(() -> new Base64Codec(Base64Codec.MAX_SUPPORTED_MESSAGE_SIZE).encodedLength(Integer.MAX_VALUE));
	}

	@Test
	void encodesIntoAnyTargetAtItsPosition() throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] padded = Bytes.concat(HELLO, WORLD, HELLO);
		byte[] expected = codec.encode(WORLD);
		for (ByteBuffer target : List.of(ByteBuffer.allocate(30), ByteBuffer.allocate(30).position(3).slice(),
				ByteBuffer.allocateDirect(30))) {
			codec.encode(padded, HELLO.length, WORLD.length, target);
			codec.encode(WORLD, 0, WORLD.length, target);
			assertThat(target.position()).isEqualTo(2 * expected.length);
			byte[] written = new byte[2 * expected.length];
			target.get(0, written);
			assertThat(written).isEqualTo(Bytes.concat(expected, expected));
		}
		ByteBuffer fresh = ByteBuffer.allocate(expected.length + 5);
		codec.encode(WORLD, 0, WORLD.length, fresh);
		assertThat(fresh.position()).isEqualTo(expected.length);
		assertThat(Arrays.copyOf(fresh.array(), expected.length)).isEqualTo(expected);
		ByteBuffer small = ByteBuffer.allocate(expected.length - 1);
		assertThatIllegalArgumentException().isThrownBy(() -> codec.encode(WORLD, 0, WORLD.length, small));
		assertThat(small.position()).isZero();
	}

	@Test
	void encodesWholePayloadsOfGrowingAndShrinkingSizesIntoDirectBuffers() throws Exception {
		Base64Codec codec = new Base64Codec();
		Random random = new Random(7);
		// small, growing past the kept scratch size (32 KiB encoded, then chunks), and small again after a large one
		for (int size : new int[] { 0, 1, 2, 3, 100, 1000, 24_575, 24_576, 24_577, 40_000, 49_152, 49_153, 70_000, 5,
				3000 }) {
			byte[] payload = new byte[size];
			random.nextBytes(payload);
			ByteBuffer target = ByteBuffer.allocateDirect(codec.encodedLength(size) + 2).position(2);
			codec.encode(payload, 0, size, target);
			assertThat(target.position()).isEqualTo(2 + codec.encodedLength(size));
			byte[] written = new byte[codec.encodedLength(size)];
			target.get(2, written);
			assertThat(written).as("frame of a %d-byte payload", size).isEqualTo(codec.encode(payload));
			byte[] padded = Bytes.concat(new byte[3], payload, new byte[5]);
			ByteBuffer sliced = ByteBuffer.allocateDirect(codec.encodedLength(size));
			codec.encode(padded, 3, size, sliced);
			assertThat(sliced.flip()).as("frame of a %d-byte slice", size).isEqualTo(ByteBuffer.wrap(codec.encode(payload)));
		}
	}

	@Test
	void encodingIntoADirectBufferAllocatesNothingWhateverThePayloadSize() throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] large = new byte[1024 * 1024];
		byte[] small = new byte[1000];
		ByteBuffer target = ByteBuffer.allocateDirect(codec.encodedLength(large.length));
		Runnable encodeAll = () -> {
			try {
				codec.encode(large, 0, large.length, target.clear());
				codec.encode(large, 7, large.length - 7, target.clear());
				codec.encode(small, 0, small.length, target.clear());
			}
			catch (FrameTooLargeException ex) {
				throw new AssertionError(ex);
			}
		};
		encodeAll.run();

		assertThat(Allocations.measure(encodeAll)).isLessThan(1024);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
