package io.github.xpipe.pipe;

/** Which way messages flow, seen from this process. */
public enum PipeDirection {

	/** This process reads: it holds the {@link ReadPipeEnd}. */
	INBOUND,

	/** This process writes: it holds the {@link WritePipeEnd}. */
	OUTBOUND

}
