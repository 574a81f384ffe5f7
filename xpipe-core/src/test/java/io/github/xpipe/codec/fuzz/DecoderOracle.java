package io.github.xpipe.codec.fuzz;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameDecoder;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
import io.github.xpipe.codec.FrameTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every fuzz target checks of a {@link FrameDecoder}, whatever the input:
 * <ul>
 * <li>it never throws: bad input is only ever reported to {@link FrameSink#onError} as a typed
 * {@link FrameException} naming the pipe, with a non-negative byte count;
 * <li>it consumes every byte it is given and never holds more than one maximal frame;
 * <li>how the stream is cut into reads does not matter: one whole read and the fuzzer's chunking
 * (heap and direct buffers, either byte order) report the same messages and the same errors;
 * <li>after the end of the stream it is clean again: a good frame decodes to its payload.
 * </ul>
 */
final class DecoderOracle {

	static final String PIPE = "fuzzed";

	private final FrameCodec codec;

	private final int bufferBound;

	DecoderOracle(FrameCodec codec, int bufferBound) {
		this.codec = codec;
		this.bufferBound = bufferBound;
	}

	void check(FuzzedDataProvider data) {
		int cuts = data.consumeInt(0, 64);
		int[] chunkSizes = new int[cuts];
		for (int i = 0; i < cuts; i++) {
			chunkSizes[i] = data.consumeInt(0, 4096);
		}
		boolean direct = data.consumeBoolean();
		boolean bigEndianSource = data.consumeBoolean();
		byte[] input = data.consumeRemainingAsBytes();

		List<String> whole = decode(input, new int[0], false, false);
		List<String> chunked = decode(input, chunkSizes, direct, bigEndianSource);
		assertThat(chunked).as("events with reads cut at %s", Arrays.toString(chunkSizes)).isEqualTo(whole);
	}

	private List<String> decode(byte[] input, int[] chunkSizes, boolean direct, boolean bigEndian) {
		try {
			return decodeOrFail(input, chunkSizes, direct, bigEndian);
		}
		catch (FrameTooLargeException ex) {
			throw new AssertionError("a 3-byte probe frame is too large", ex);
		}
	}

	private List<String> decodeOrFail(byte[] input, int[] chunkSizes, boolean direct, boolean bigEndian)
			throws FrameTooLargeException {
		ByteBuffer whole = direct ? ByteBuffer.allocateDirect(input.length).put(input).flip() : ByteBuffer.wrap(input);
		FrameDecoder decoder = this.codec.newDecoder(PIPE);
		Recorder sink = new Recorder();
		int offset = 0;
		for (int size : chunkSizes) {
			int n = Math.min(size, input.length - offset);
			feed(decoder, sink, whole, offset, n, bigEndian);
			offset += n;
		}
		feed(decoder, sink, whole, offset, input.length - offset, bigEndian);
		decoder.endOfStream(sink);
		assertThat(decoder.bufferedBytes()).as("bytes held after the end of the stream").isZero();
		byte[] probe = { 'o', 'k', (byte) input.length };
		Recorder after = new Recorder();
		decoder.decode(ByteBuffer.wrap(this.codec.encode(probe)), after);
		assertThat(after.events).as("a good frame after the end of the stream")
			.containsExactly("frame:" + Arrays.toString(probe));
		return sink.events;
	}

	/** Feeds {@code whole[offset, offset+length)} as one read, a buffer of its own that starts at 0. */
	private void feed(FrameDecoder decoder, Recorder sink, ByteBuffer whole, int offset, int length,
			boolean bigEndian) {
		ByteBuffer source = whole.duplicate().limit(offset + length).position(offset).slice();
		source.order(bigEndian ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
		decoder.decode(source, sink);
		assertThat(source.hasRemaining()).as("bytes left unconsumed").isFalse();
		assertThat(decoder.bufferedBytes()).as("bytes held between reads").isBetween(0, this.bufferBound);
	}

	/** Records frames and errors as comparable strings, checking each error on the way. */
	private static final class Recorder implements FrameSink {

		final List<String> events = new ArrayList<>();

		@Override
		public void onFrame(byte[] payload) {
			this.events.add("frame:" + Arrays.toString(payload));
		}

		@Override
		public void onError(FrameException error) {
			assertThat(error.pipeName()).isEqualTo(PIPE);
			assertThat(error.byteCount()).isNotNegative();
			assertThat(error.getMessage()).startsWith("Pipe '" + PIPE + "': ");
			this.events.add("error:" + error.reason());
		}

	}

}
