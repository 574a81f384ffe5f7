package io.github.xpipe.event;

import io.github.xpipe.core.ManagedPipe;

/** The writer (on Linux and macOS: the last writer) of a connection to a pipe went away. */
public class PipeWriterDisconnectedEvent extends PipeEvent {

	private final long connectionId;

	public PipeWriterDisconnectedEvent(ManagedPipe pipe, String listenerId, long connectionId) {
		super(pipe, listenerId);
		this.connectionId = connectionId;
	}

	/** Identifies the connection, as in its {@link PipeWriterConnectedEvent}. */
	public long getConnectionId() {
		return this.connectionId;
	}

	@Override
	public String toString() {
		return "PipeWriterDisconnectedEvent[pipe=" + getPipeName() + ", listener=" + getListenerId() + ", connection="
				+ this.connectionId + "]";
	}

}
