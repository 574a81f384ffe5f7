package io.github.xpipe.pipe;

import java.io.IOException;
import java.nio.ByteBuffer;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * The writes of one write end to its {@link PipeOutput}, each returning what went wrong instead of
 * throwing it, so that the {@link CoalescingWriter} can report one failure to every sender whose
 * frame the write carried. Used by one thread at a time: the one that is writing.
 */
final class FrameOutput {

	/** A frame up to this size is encoded into a retained direct buffer (so a 1 MiB message is too). */
	private static final int RETAINED_BUFFER_LIMIT = 2 * 1024 * 1024;

	private final String pipeName;

	private final FrameCodec codec;

	private final EndLifecycle<PipeOutput> lifecycle;

	/** For frames larger than the batch capacity. */
	private ByteBuffer soloBuffer = ByteBuffer.allocate(0);

	FrameOutput(String pipeName, FrameCodec codec, EndLifecycle<PipeOutput> lifecycle) {
		this.pipeName = pipeName;
		this.codec = codec;
		this.lifecycle = lifecycle;
	}

	/** Writes the batch's chunks: {@code null} when written, else the failure to report. */
	@Nullable IOException write(FrameBatch batch) {
		return writeFully(batch::writeTo);
	}

	/** Encodes and writes one frame on its own: {@code null} when written, else the failure to report. */
	@Nullable IOException writeAlone(byte[] payload, int offset, int length, int frameLength) {
		return writeFully((output) -> output.write(encode(payload, offset, length, frameLength)));
	}

	/** The failure of a write, as the exception of one sender whose frame it carried. */
	IOException forThisSender(IOException failure) {
		if (failure instanceof BrokenPipeException) {
			return new BrokenPipeException(this.pipeName, "the reader went away before this message was written", failure);
		}
		if (failure instanceof PipeClosedException) {
			return new PipeClosedException(this.pipeName, "write end was closed before this message was written", failure);
		}
		return new PipeException(this.pipeName, "the write carrying this message failed", failure);
	}

	private ByteBuffer encode(byte[] payload, int offset, int length, int frameLength) throws FrameTooLargeException {
		ByteBuffer frame;
		if (frameLength > RETAINED_BUFFER_LIMIT) {
			frame = ByteBuffer.allocate(frameLength);
		}
		else {
			if (this.soloBuffer.capacity() < frameLength) {
				this.soloBuffer = ByteBuffer.allocateDirect(Integer.highestOneBit(frameLength - 1) << 1);
			}
			frame = this.soloBuffer;
			frame.clear();
		}
		this.codec.encode(payload, offset, length, frame);
		frame.flip();
		return frame;
	}

	private @Nullable IOException writeFully(OutputWrite write) {
		PipeOutput current;
		try {
			current = this.lifecycle.require();
		}
		catch (PipeClosedException ex) {
			return ex;
		}
		try {
			write.to(current);
			return null;
		}
		catch (PipeClosedException ex) {
			return ex;
		}
		catch (IOException ex) {
			if (this.lifecycle.isClosed()) {
				return new PipeClosedException(this.pipeName, "write end was closed", ex);
			}
			return ex;
		}
		catch (RuntimeException ex) {
			return new PipeException(this.pipeName, "write failed unexpectedly: " + ex, ex);
		}
	}

	/** One write to the output, possibly of several {@code write()} calls. */
	@FunctionalInterface
	private interface OutputWrite {

		void to(PipeOutput output) throws IOException;

	}

}
