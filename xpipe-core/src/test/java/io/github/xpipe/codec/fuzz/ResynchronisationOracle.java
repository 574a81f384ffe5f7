package io.github.xpipe.codec.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameDecoder;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Codec.ReadByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a resynchronising decoder must make of good frames with garbage spliced in (see
 * {@link SplicedStream}), however the stream is cut into reads:
 * <ul>
 * <li>{@code length-crc32}: when nothing in the stream but the untouched frames verifies as a frame
 * (not even inside their data: a frame carrying a frame, met while resynchronising, yields the inner
 * one), and fewer headers that do not verify than the decoder follows at once are in it, exactly the
 * untouched frames come out, in order; whatever the stream, every message that comes out is the data
 * of a range that verifies as a frame;
 * <li>{@code base64}: every frame the garbage did not touch comes out, in order (garbage that is valid
 * Base64 between two delimiters comes out too: this framing has no checksum);
 * <li>errors are typed and name the pipe, and there are at most two per message delivered, plus three:
 * a rejection and a skipped stretch can only follow a frame the decoder was in step after (or the
 * start), and the end of the stream adds at most one; never one per garbage byte or delimiter;
 * <li>the decoder never holds more than a maximal frame, and one whole read reports what many do.
 * </ul>
 * Payloads are never empty: in {@code base64} an empty datagram right after garbage proves nothing
 * and is skipped.
 */
final class ResynchronisationOracle {

	static final String PIPE = "spliced";

	/** The codecs resynchronisation is checked with, by {@link #codec(int)} index. */
	private static final FrameCodec[] CODECS = { new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 2048),
			LengthCrc32Codec.builder().byteOrder(ByteOrder.BIG_ENDIAN).maxMessageSize(2048).build(),
			LengthCrc32Codec.builder().maxMessageSize(2048).readByteOrder(ReadByteOrder.PINNED).crcCheck(CrcCheck.STRICT)
				.build(),
			LengthCrc32Codec.builder().maxMessageSize(2048).crc(false).build(), new Base64Codec(2048) };

	static final int CODEC_COUNT = CODECS.length;

	/** The most followed at once by the decoder; see {@code LengthCrc32Scanner.MAX_CANDIDATES}. */
	private static final int FOLLOWED_CANDIDATES = 8;

	private ResynchronisationOracle() {
	}

	static FrameCodec codec(int index) {
		return CODECS[index];
	}

	/**
	 * @param payloads non-empty payloads of at most 1000 bytes
	 * @param garbageByOffset non-empty garbage to insert before each clean-stream offset
	 * @param startAt where the reader starts in the spliced stream (0: at its start; else it is told
	 *        to resynchronise)
	 * @param reads the sizes of the reads the stream is cut into, the rest in one
	 */
	static void check(FrameCodec codec, List<byte[]> payloads, TreeMap<Integer, byte[]> garbageByOffset, int startAt,
			int[] reads) {
		SplicedStream stream;
		try {
			stream = new SplicedStream(codec, payloads, garbageByOffset, startAt);
		}
		catch (FrameTooLargeException ex) {
			throw new AssertionError("payloads must fit the codec", ex);
		}
		boolean resynchronize = startAt > 0;
		Recorder whole = decode(stream, resynchronize, new int[0]);
		Recorder cut = decode(stream, resynchronize, reads);
		assertThat(cut.events).as("events with reads of %s", Arrays.toString(reads)).isEqualTo(whole.events);

		assertThat(cut.errorCount).as("errors").isLessThanOrEqualTo(2 * cut.frames.size() + 3);
		if (codec.framing() == Framing.BASE64) {
			assertInOrder(cut.frames, stream.untouched);
			return;
		}
		List<byte[]> verifying = stream.lookalikes(true);
		if (verifying.isEmpty() && stream.lookalikes(false).size() < FOLLOWED_CANDIDATES) {
			assertThat(cut.frames).as("exactly the untouched frames").containsExactlyElementsOf(stream.untouched);
		}
		verifying.addAll(stream.untouched);
		assertThat(cut.frames).as("messages that are not frames in the stream")
			.allSatisfy((frame) -> assertThat(verifying).anySatisfy((candidate) -> assertThat(candidate).isEqualTo(frame)));
	}

	/** {@code expected} is a subsequence of {@code actual}. */
	private static void assertInOrder(List<byte[]> actual, List<byte[]> expected) {
		int next = 0;
		for (byte[] frame : actual) {
			if (next < expected.size() && Arrays.equals(frame, expected.get(next))) {
				next++;
			}
		}
		assertThat(next).as("untouched frames delivered in order, of %d (%d delivered)", expected.size(), actual.size())
			.isEqualTo(expected.size());
	}

	private static Recorder decode(SplicedStream stream, boolean resynchronize, int[] reads) {
		FrameDecoder decoder = stream.codec.newDecoder(PIPE);
		if (resynchronize) {
			decoder.resynchronize();
		}
		Recorder recorder = new Recorder();
		byte[] bytes = stream.bytes;
		int offset = 0;
		int index = 0;
		for (int size : reads) {
			int n = Math.min(size, bytes.length - offset);
			feed(decoder, recorder, bytes, offset, n, index++);
			offset += n;
		}
		feed(decoder, recorder, bytes, offset, bytes.length - offset, index);
		decoder.endOfStream(recorder);
		assertThat(decoder.bufferedBytes()).as("bytes held after the end of the stream").isZero();
		return recorder;
	}

	private static void feed(FrameDecoder decoder, Recorder recorder, byte[] bytes, int offset, int length, int index) {
		ByteOrder order = (index % 2 == 0) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
		ByteBuffer source = (index % 3 == 1) ? ByteBuffer.allocateDirect(length).put(bytes, offset, length).flip()
				: ByteBuffer.wrap(bytes, offset, length).slice();
		source.order(order);
		decoder.decode(source, recorder);
		assertThat(source.hasRemaining()).as("bytes left unconsumed").isFalse();
		assertThat(decoder.bufferedBytes()).as("bytes held between reads")
			.isBetween(0, 2048 + LengthCrc32Codec.FRAME_OVERHEAD);
	}

	/** Records frames and errors in order, checking each error on the way. */
	private static final class Recorder implements FrameSink {

		final List<String> events = new ArrayList<>();

		final List<byte[]> frames = new ArrayList<>();

		int errorCount;

		@Override
		public void onFrame(byte[] payload) {
			this.frames.add(payload);
			this.events.add("frame:" + Arrays.toString(payload));
		}

		@Override
		public void onError(FrameException error) {
			assertThat(error.pipeName()).isEqualTo(PIPE);
			assertThat(error.byteCount()).isPositive();
			assertThat(error.getMessage()).startsWith("Pipe '" + PIPE + "': ");
			this.errorCount++;
			this.events.add("error:" + error.reason() + ":" + error.byteCount());
		}

	}

}
