package io.github.xpipe.test.context;

import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.test.WriterDisconnectCounter;

/**
 * Counts the writer disconnects the application's listener containers report, per pipe. A pipe's
 * count is known once a container told it opened the pipe; before that (no listener, or a container
 * factory that does not report to listener beans) it is unknown and writers do not wait.
 */
final class ContainerWriterDisconnects extends WriterDisconnectCounter implements PipeContainerListener {

	@Override
	public void readerOpened(String pipeName, String listenerId) {
		track(pipeName);
	}

	@Override
	public void writerDisconnected(String pipeName, long connectionId) {
		disconnected(pipeName);
	}

}
