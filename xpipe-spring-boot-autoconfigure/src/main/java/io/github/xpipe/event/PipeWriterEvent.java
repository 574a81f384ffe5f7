package io.github.xpipe.event;

/**
 * A writer connection to a pipe a listener reads started or ended. On Linux and macOS a FIFO's
 * writers are not told apart: a connection lasts from the first writer's first bytes until the last
 * writer closes it.
 */
public abstract class PipeWriterEvent extends PipeEvent {

	private final long connectionId;

	protected PipeWriterEvent(Object source, String pipeName, long connectionId) {
		super(source, pipeName);
		this.connectionId = connectionId;
	}

	/** Identifies the connection: its connected and disconnected events have the same id. */
	public long getConnectionId() {
		return this.connectionId;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[pipe=" + getPipeName() + ", connection=" + this.connectionId + "]";
	}

}
