package io.github.xpipe.event;

/**
 * A writer connected to a pipe a listener reads. On Linux and macOS a FIFO's writers are not told
 * apart: a connection lasts from the first writer's first bytes until the last writer closes it.
 */
public class PipeWriterConnectedEvent extends PipeEvent {

	private final long connectionId;

	public PipeWriterConnectedEvent(Object source, String pipeName, long connectionId) {
		super(source, pipeName);
		this.connectionId = connectionId;
	}

	/** Identifies the connection; its {@link PipeWriterDisconnectedEvent} has the same id. */
	public long getConnectionId() {
		return this.connectionId;
	}

	@Override
	public String toString() {
		return "PipeWriterConnectedEvent[pipe=" + getPipeName() + ", connection=" + this.connectionId + "]";
	}

}
