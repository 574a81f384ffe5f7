package io.github.xpipe.event;

/** The writer (on Linux and macOS: the last writer) of a connection to a pipe went away. */
public class PipeWriterDisconnectedEvent extends PipeWriterEvent {

	public PipeWriterDisconnectedEvent(Object source, String pipeName, long connectionId) {
		super(source, pipeName, connectionId);
	}

}
