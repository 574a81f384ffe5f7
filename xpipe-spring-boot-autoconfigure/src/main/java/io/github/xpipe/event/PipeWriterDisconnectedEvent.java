package io.github.xpipe.event;

/** The writer (on Linux and macOS: the last writer) of a connection to a pipe went away. */
public class PipeWriterDisconnectedEvent extends PipeEvent {

	private final long connectionId;

	public PipeWriterDisconnectedEvent(Object source, String pipeName, long connectionId) {
		super(source, pipeName);
		this.connectionId = connectionId;
	}

	/** Identifies the connection, as in its {@link PipeWriterConnectedEvent}. */
	public long getConnectionId() {
		return this.connectionId;
	}

	@Override
	public String toString() {
		return "PipeWriterDisconnectedEvent[pipe=" + getPipeName() + ", connection=" + this.connectionId + "]";
	}

}
