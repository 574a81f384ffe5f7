package io.github.xpipe.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * The default {@link PipeListenerErrorHandler}: logs the pipe, the listener id, the error and the
 * message size, and lets the container go on. A rejected frame is a warning (its reason and byte
 * count, never its bytes); a listener exception is an error with its stack trace.
 */
public class LoggingPipeListenerErrorHandler implements PipeListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingPipeListenerErrorHandler.class);

	@Override
	public void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
		if (exception.isRejectedFrame()) {
			logger.warn(exception.getMessage() + "; continuing with the next frame");
		}
		else {
			logger.error(exception.getMessage() + "; continuing with the next message", exception.getCause());
		}
	}

}
