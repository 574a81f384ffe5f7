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

}
