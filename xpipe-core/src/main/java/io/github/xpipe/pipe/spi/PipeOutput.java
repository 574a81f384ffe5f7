package io.github.xpipe.pipe.spi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The writing side of a pipe, connected to a reader. Callers serialise {@link #write} calls, so the
 * bytes of one call are contiguous on the wire.
 */
public interface PipeOutput extends PipeEnd {

	/**
	 * Writes every remaining byte of {@code source}, looping over partial writes and blocking while
	 * the pipe is full (back-pressure). A call of up to PIPE_BUF bytes on POSIX is one atomic
	 * {@code write()}. {@link #close()} from another thread ends a blocked write within 100 ms.
	 * @throws io.github.xpipe.pipe.BrokenPipeException when the reader has gone
	 * @throws io.github.xpipe.pipe.PipeClosedException when this output was closed
	 */
	void write(ByteBuffer source) throws IOException;

	/**
	 * The largest {@link #write} the operating system keeps whole when several processes write the
	 * same pipe: {@code PIPE_BUF} on POSIX. Callers that coalesce frames keep each write within it.
	 * The default is POSIX's minimum, 512 bytes. 1 means that every write is delivered as a message
	 * of its own (a Windows message pipe): callers must write exactly one frame per call, never two
	 * together, whatever their size.
	 */
	default int atomicWriteLimit() {
		return 512;
	}

}
