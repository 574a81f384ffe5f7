package io.github.xpipe.core;

import org.jspecify.annotations.Nullable;

/**
 * A message could not be sent: the pipe had no reader within its connect timeout, the reader went
 * away, the message was too large for the pipe's framing, or it could not be converted. The message
 * was not sent (a broken pipe is detected before any byte of the frame is written), so the caller
 * may send it again; the next send reconnects.
 */
public class PipeSendException extends XPipeException {

	public PipeSendException(String pipeName, String message, @Nullable Throwable cause) {
		super(pipeName, message, cause);
	}

}
