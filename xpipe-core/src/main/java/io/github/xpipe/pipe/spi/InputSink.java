package io.github.xpipe.pipe.spi;

import java.nio.ByteBuffer;

/** Receives what a {@link PipeInput} reads, per writer connection. */
public interface InputSink {

	/** A writer connection started; ids are unique for the life of the input. */
	void onConnected(long connectionId);

	/**
	 * A writer connection started, and whether its first byte may be in the middle of a frame: on
	 * POSIX, a read end that opens a FIFO already holding bytes cannot know whether the reader before
	 * it stopped on a frame boundary, so the sink should find the next boundary before delivering.
	 * The default calls {@link #onConnected(long)}.
	 */
	default void onConnected(long connectionId, boolean mayStartMidFrame) {
		onConnected(connectionId);
	}

	/**
	 * Bytes from a connection, between the buffer's position and limit. The buffer belongs to the
	 * input and is reused: it is valid only during this call.
	 */
	void onData(long connectionId, ByteBuffer data);

	/** The connection's writer went away (POSIX: its last writer closed). */
	void onDisconnected(long connectionId);

	/**
	 * Whether everything delivered on the connection so far ended on a frame boundary, i.e. the next
	 * byte starts a frame. An input asks after delivering, to tell whoever reads the same stream next
	 * (within this process) whether it may start mid-frame. The default, {@code false}, is the safe
	 * answer for a sink that cannot tell.
	 */
	default boolean isBetweenFrames(long connectionId) {
		return false;
	}

}
