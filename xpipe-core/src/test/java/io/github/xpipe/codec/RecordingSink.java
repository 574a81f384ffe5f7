package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link FrameSink} that records what a decoder reports, in order. */
final class RecordingSink implements FrameSink {

	final List<byte[]> frames = new ArrayList<>();

	final List<FrameException> errors = new ArrayList<>();

	/** Frames and errors interleaved in the order they were reported. */
	final List<Object> events = new ArrayList<>();

	@Override
	public void onFrame(byte[] payload) {
		this.frames.add(payload);
		this.events.add(payload);
	}

	@Override
	public void onError(FrameException error) {
		this.errors.add(error);
		this.events.add(error);
	}

	/** Feeds {@code bytes} to the decoder as one heap buffer and checks that all of it was consumed. */
	RecordingSink feed(FrameDecoder decoder, byte[] bytes) {
		return feed(decoder, ByteBuffer.wrap(bytes));
	}

	RecordingSink feed(FrameDecoder decoder, ByteBuffer source) {
		decoder.decode(source, this);
		if (source.hasRemaining()) {
			throw new AssertionError("decode left " + source.remaining() + " bytes unconsumed");
		}
		return this;
	}

	RecordingSink end(FrameDecoder decoder) {
		decoder.endOfStream(this);
		return this;
	}

}
