package io.github.xpipe.pipe.spi;

import java.nio.ByteBuffer;

/** Receives what a {@link PipeInput} reads, per writer connection. */
public interface InputSink {

	/** A writer connection started; ids are unique for the life of the input. */
	void onConnected(long connectionId);

	/**
	 * Bytes from a connection, between the buffer's position and limit. The buffer belongs to the
	 * input and is reused: it is valid only during this call.
	 */
	void onData(long connectionId, ByteBuffer data);

	/** The connection's writer went away (POSIX: its last writer closed). */
	void onDisconnected(long connectionId);

}
