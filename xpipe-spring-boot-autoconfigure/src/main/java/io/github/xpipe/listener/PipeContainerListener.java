package io.github.xpipe.listener;

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

	/**
	 * A message of {@code size} bytes was decoded from the pipe; called for every message, before
	 * it is handled: keep it cheap. To count messages, prefer {@link #messagesReceived}.
	 */
	default void messageReceived(String pipeName, int size) {
	}

	/**
	 * The messages one read delivered, told once per read after they were handled (or handed to
	 * the listener threads): as many as {@link #messageReceived} was told of, with their bytes in
	 * total. The cheap way to count them: one call per read, not one per message.
	 */
	default void messagesReceived(String pipeName, int messages, long bytes) {
	}

	/** The container opened the pipe to read it: at start, and again after each failed read. */
	default void readerOpened(String pipeName, String listenerId) {
	}

	/** The container could not open or read the pipe; it reopens it after a backoff. */
	default void readFailed(String pipeName, String listenerId, Exception error) {
	}

	/**
	 * One wait for input ended, after at most the container's poll timeout, with this many
	 * messages read (0 when the pipe was idle); e.g. to detect an idle listener.
	 */
	default void afterRead(String pipeName, int messageCount) {
	}

	/**
	 * A frame was rejected or the listener failed; called before the container's
	 * {@link PipeListenerErrorHandler}.
	 */
	default void listenerFailed(PipeListenerFailedException exception) {
	}

}
