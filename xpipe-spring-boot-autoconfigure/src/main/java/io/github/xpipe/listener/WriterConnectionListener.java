package io.github.xpipe.listener;

/**
 * Told when writers connect to and disconnect from the pipe a container reads, on the container's
 * reading thread (keep it quick). On POSIX, writers of a FIFO are not told apart: a connection
 * lasts from the first writer opening until the last one closing.
 */
public interface WriterConnectionListener {

	/** A writer connected. */
	default void writerConnected(String pipeName, long connectionId) {
	}

	/** The writer (POSIX: the last writer) of a connection went away. */
	default void writerDisconnected(String pipeName, long connectionId) {
	}

}
