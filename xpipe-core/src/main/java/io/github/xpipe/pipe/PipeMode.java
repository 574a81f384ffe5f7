package io.github.xpipe.pipe;

/**
 * How a Windows named pipe carries what is written: as a byte stream, or as messages. Linux and
 * macOS FIFOs are byte streams only; there the mode has no effect.
 */
public enum PipeMode {

	/**
	 * A byte stream ({@code PIPE_TYPE_BYTE}): frames carry their own boundaries, several frames may
	 * leave in one write, and a large frame may leave in several. The default.
	 */
	BYTE,

	/**
	 * A message pipe ({@code PIPE_TYPE_MESSAGE}, read in {@code PIPE_READMODE_MESSAGE}): every frame
	 * is exactly one {@code WriteFile}, hence one message, and a write returns once the reader has
	 * read the frame. This is how pywin32 peers such as npipes create and read their pipes.
	 */
	MESSAGE

}
