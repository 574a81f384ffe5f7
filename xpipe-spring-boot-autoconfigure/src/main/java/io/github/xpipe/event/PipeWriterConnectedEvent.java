package io.github.xpipe.event;

/** A writer connected to a pipe a listener reads; see {@link PipeWriterEvent} for what a connection is. */
public class PipeWriterConnectedEvent extends PipeWriterEvent {

	public PipeWriterConnectedEvent(Object source, String pipeName, long connectionId) {
		super(source, pipeName, connectionId);
	}

}
