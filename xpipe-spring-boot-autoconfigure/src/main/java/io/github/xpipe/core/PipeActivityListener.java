package io.github.xpipe.core;

import java.time.Duration;
import java.util.List;

import io.github.xpipe.codec.FrameException;
import org.jspecify.annotations.Nullable;

/**
 * Told what happens on declared pipes: messages received and sent, frames rejected, listener and
 * I/O failures, writers connecting and disconnecting, listeners idling. Metrics, health and
 * application events are built on it.
 *
 * <p>Listener containers call it on their reading or listener threads, the template on the sending
 * thread: implementations are thread-safe, quick and do not throw. Every method does nothing by
 * default.
 */
public interface PipeActivityListener {

	/** A listener container decoded a message of {@code size} bytes from the pipe. */
	default void messageReceived(ManagedPipe pipe, int size) {
	}

	/** The listener of a pipe threw on a message (the error handler has it as well). */
	default void listenerFailed(ManagedPipe pipe, String listenerId, Throwable error) {
	}

	/** The decoder rejected a frame (CRC mismatch, invalid Base64, too large, malformed, truncated). */
	default void frameRejected(ManagedPipe pipe, String listenerId, FrameException error) {
	}

	/**
	 * A listener container opened the pipe to read it: at start, and again after each failed read.
	 * No writer is connected yet.
	 */
	default void readerOpened(ManagedPipe pipe, String listenerId) {
	}

	/** A listener container could not open or read the pipe; it reopens it after a backoff. */
	default void readFailed(ManagedPipe pipe, String listenerId, Exception error) {
	}

	/**
	 * A writer connected to the pipe a listener reads. On Linux and macOS a connection lasts from
	 * the first writer opening the FIFO until the last one closes it.
	 */
	default void writerConnected(ManagedPipe pipe, String listenerId, long connectionId) {
	}

	/** The writer (on Linux and macOS: the last writer) of a connection went away. */
	default void writerDisconnected(ManagedPipe pipe, String listenerId, long connectionId) {
	}

	/** A listener has received nothing for {@code idleTime}; told again every idle interval while idle. */
	default void listenerIdle(ManagedPipe pipe, String listenerId, Duration idleTime) {
	}

	/** The template sent a message of {@code size} bytes. */
	default void messageSent(ManagedPipe pipe, int size) {
	}

	/** The template could not send a message of {@code size} bytes. */
	default void sendFailed(ManagedPipe pipe, int size, Exception error) {
	}

	/**
	 * One listener telling all of these in turn, or {@code null} when there are none (so callers
	 * skip the work entirely).
	 */
	static @Nullable PipeActivityListener of(List<? extends PipeActivityListener> listeners) {
		if (listeners.isEmpty()) {
			return null;
		}
		return (listeners.size() == 1) ? listeners.get(0) : new CompositePipeActivityListener(listeners);
	}

}
