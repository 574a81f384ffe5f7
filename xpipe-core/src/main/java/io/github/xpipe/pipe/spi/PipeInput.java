package io.github.xpipe.pipe.spi;

import java.io.IOException;

import io.github.xpipe.pipe.ReadEndStatus;

/**
 * The reading side of a pipe: a sequence of writer connections, each a byte stream. On POSIX there
 * is usually one connection at a time (two while the end drains a FIFO that was replaced); a Windows
 * server pipe has one per connected client.
 *
 * <p>One thread calls {@link #read}; {@link #close()} may be called from any thread and makes a
 * blocked {@code read} throw {@link io.github.xpipe.pipe.PipeClosedException} within 100 ms,
 * without busy-waiting.
 */
public interface PipeInput extends PipeEnd {

	/**
	 * Waits up to {@code timeoutNanos} for input and reports it to {@code sink}: connections
	 * starting, bytes read (one or more {@link InputSink#onData} calls) and connections ending. A
	 * writer going away is not an error: the input waits for the next one.
	 * @return {@code true} when something was reported, {@code false} when the time passed first
	 * @throws io.github.xpipe.pipe.PipeClosedException when closed, before or during the call
	 */
	boolean read(InputSink sink, long timeoutNanos) throws IOException;

	/**
	 * What this input is doing; may be called from any thread. The default reports
	 * {@link ReadEndStatus#READING}: inputs that cannot lose their pipe while open need no more.
	 */
	default ReadEndStatus status() {
		return ReadEndStatus.READING;
	}

}
