package io.github.xpipe.test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.CrcMismatchException;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
import io.github.xpipe.codec.InvalidBase64Exception;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.codec.MalformedFrameException;
import io.github.xpipe.codec.TruncatedFrameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Each bad frame as the xpipe decoders see it. */
class BadFramesTests {

	private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.UTF_8);

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void malformedHeaderIsMalformedInEitherByteOrder(boolean bigEndian) {
		LengthCrc32Codec writer = codec(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, true);
		byte[] header = BadFrames.malformedHeader(writer, "inbox");
		assertThat(header).hasSize(8);
		for (ByteOrder readerOrder : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
			assertThat(decode(codec(readerOrder, true), header).errors).singleElement()
				.isInstanceOf(MalformedFrameException.class);
		}
	}

	@Test
	void badCrcIsWrongAndNotZero() throws Exception {
		LengthCrc32Codec codec = codec(ByteOrder.BIG_ENDIAN, true);
		byte[] frame = BadFrames.badCrc(codec, "inbox", PAYLOAD);
		assertThat(ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN).getInt(frame.length - 4)).isNotZero();
		byte[] good = codec.encode(PAYLOAD);
		assertThat(Arrays.copyOf(frame, frame.length - 4)).isEqualTo(Arrays.copyOf(good, good.length - 4));
		Decoded decoded = decode(codec, frame);
		assertThat(decoded.errors).singleElement().isInstanceOf(CrcMismatchException.class);
		assertThat(decode(codec(ByteOrder.BIG_ENDIAN, false), frame).frames).containsExactly(PAYLOAD);
	}

	@Test
	void zeroCrcLeavesTheFieldZero() throws Exception {
		byte[] frame = BadFrames.zeroCrc(codec(ByteOrder.LITTLE_ENDIAN, true), "inbox", PAYLOAD);
		assertThat(frame).hasSize(PAYLOAD.length + LengthCrc32Codec.FRAME_OVERHEAD).endsWith(0, 0, 0, 0);
		assertThat(decode(codec(ByteOrder.LITTLE_ENDIAN, false), frame).frames).containsExactly(PAYLOAD);
	}

	@Test
	void truncatedFrameIsReportedAtTheEndOfTheStream() throws Exception {
		for (FrameCodec codec : List.of(new LengthCrc32Codec(), new Base64Codec())) {
			byte[] truncated = BadFrames.truncated(codec, "inbox", PAYLOAD);
			assertThat(truncated).hasSize(codec.encodedLength(PAYLOAD.length) - 1);
			Decoded decoded = decode(codec, truncated);
			assertThat(decoded.frames).isEmpty();
			assertThat(decoded.errors).singleElement().isInstanceOf(TruncatedFrameException.class);
		}
	}

	@Test
	void invalidBase64IsRejectedAndTheNextDatagramDecodes() throws Exception {
		Base64Codec codec = new Base64Codec();
		byte[] invalid = BadFrames.invalidBase64(codec, "inbox");
		byte[] next = codec.encode(PAYLOAD);
		byte[] both = ByteBuffer.allocate(invalid.length + next.length).put(invalid).put(next).array();
		Decoded decoded = decode(codec, both);
		assertThat(decoded.errors).singleElement().isInstanceOf(InvalidBase64Exception.class);
		assertThat(decoded.frames).containsExactly(PAYLOAD);
	}

	private static Decoded decode(FrameCodec codec, byte[] bytes) {
		Decoded decoded = new Decoded();
		var decoder = codec.newDecoder("inbox");
		decoder.decode(ByteBuffer.wrap(bytes), decoded);
		decoder.endOfStream(decoded);
		return decoded;
	}

	private static LengthCrc32Codec codec(ByteOrder order, boolean crc) {
		return new LengthCrc32Codec(order, crc, LengthCrc32Codec.DEFAULT_MAX_MESSAGE_SIZE);
	}

	static final class Decoded implements FrameSink {

		final List<byte[]> frames = new ArrayList<>();

		final List<FrameException> errors = new ArrayList<>();

		@Override
		public void onFrame(byte[] payload) {
			this.frames.add(payload);
		}

		@Override
		public void onError(FrameException error) {
			this.errors.add(error);
		}

	}

}
