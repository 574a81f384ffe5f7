package io.github.xpipe.event;

import io.github.xpipe.core.ManagedPipe;

/**
 * A writer connected to a pipe a listener reads. On Linux and macOS a FIFO's writers are not told
 * apart: a connection lasts from the first writer opening it until the last one closes it.
 */
public class PipeWriterConnectedEvent extends PipeEvent {

	private final long connectionId;

	public PipeWriterConnectedEvent(ManagedPipe pipe, String listenerId, long connectionId) {
		super(pipe, listenerId);
		this.connectionId = connectionId;
	}

	/** Identifies the connection; its {@link PipeWriterDisconnectedEvent} has the same id. */
	public long getConnectionId() {
		return this.connectionId;
	}

	@Override
	public String toString() {
		return "PipeWriterConnectedEvent[pipe=" + getPipeName() + ", listener=" + getListenerId() + ", connection="
				+ this.connectionId + "]";
	}

}
