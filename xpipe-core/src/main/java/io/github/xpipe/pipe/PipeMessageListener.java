package io.github.xpipe.pipe;

import io.github.xpipe.codec.FrameException;

/**
 * Receives what a {@link ReadPipeEnd} decodes: each message, each rejected frame, and writers
 * connecting and disconnecting, in the order they happened on each connection.
 */
public interface PipeMessageListener {

	/** One message; the array is the listener's to keep. */
	void onMessage(byte[] payload);

	/** A rejected frame; the read end goes on with the next one after this returns. */
	void onError(FrameException error);

	/**
	 * A writer connected. On POSIX a FIFO's writers are not told apart: a connection lasts from the
	 * first writer opening until the last one closes. On Windows each client is its own connection.
	 */
	default void onWriterConnected(long connectionId) {
	}

	/** The writer (POSIX: the last writer) of a connection went away. */
	default void onWriterDisconnected(long connectionId) {
	}

}
