package io.github.xpipe.listener;

import java.time.Duration;

/**
 * Observes what happens in listener containers, e.g. for metrics, health or application events.
 * Called on the container's reading or listener threads: keep it quick and do not throw. Beans of
 * this type are added to the auto-configured container factory.
 */
public interface PipeContainerListener {

	/**
	 * A writer connected. On POSIX, writers of a FIFO are not told apart: a connection lasts from
	 * the first writer opening until the last one closing.
	 */
	default void writerConnected(String pipeName, long connectionId) {
	}

	/** The writer (POSIX: the last writer) of a connection went away. */
	default void writerDisconnected(String pipeName, long connectionId) {
	}

	/** A message of {@code size} bytes was decoded from the pipe; called for every message, keep it cheap. */
	default void messageReceived(String pipeName, int size) {
	}

	/** The container opened the pipe to read it: at start, and again after each failed read. */
	default void readerOpened(String pipeName, String listenerId) {
	}

	/** The container could not open or read the pipe; it reopens it after a backoff. */
	default void readFailed(String pipeName, String listenerId, Exception error) {
	}

	/**
	 * The listener received no message for {@code idleTime}; told every idle interval while it
	 * stays idle, and only when the container has an idle interval.
	 */
	default void listenerIdle(String pipeName, String listenerId, Duration idleTime) {
	}

	/**
	 * A frame was rejected or the listener failed; called before the container's
	 * {@link PipeListenerErrorHandler}.
	 */
	default void listenerFailed(PipeListenerFailedException exception) {
	}

}
