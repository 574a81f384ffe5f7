package io.github.xpipe.event;

import java.time.Duration;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeListenerFailedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the {@link PipeEvent}s: writers connecting and disconnecting, listeners idling, frames
 * rejected. Events are published synchronously, on the listener container's reading thread: an
 * {@code @EventListener} that takes long delays the pipe (use {@code @Async} for slow work). An
 * exception thrown by an event listener is logged and does not disturb the pipe.
 */
public class PipeEventPublisher implements PipeContainerListener {

	private static final Log logger = LogFactory.getLog(PipeEventPublisher.class);

	private final ApplicationEventPublisher publisher;

	private final PipeRegistry pipes;

	/**
	 * @param publisher where events go
	 * @param pipes the declared pipes, the sources of the events
	 */
	public PipeEventPublisher(ApplicationEventPublisher publisher, PipeRegistry pipes) {
		this.publisher = publisher;
		this.pipes = pipes;
	}

	@Override
	public void writerConnected(String pipeName, long connectionId) {
		publish(new PipeWriterConnectedEvent(source(pipeName), pipeName, connectionId));
	}

	@Override
	public void writerDisconnected(String pipeName, long connectionId) {
		publish(new PipeWriterDisconnectedEvent(source(pipeName), pipeName, connectionId));
	}

	@Override
	public void listenerIdle(String pipeName, String listenerId, Duration idleTime) {
		publish(new PipeListenerIdleEvent(source(pipeName), pipeName, listenerId, idleTime));
	}

	@Override
	public void listenerFailed(PipeListenerFailedException exception) {
		if (exception.getCause() instanceof FrameException rejected) {
			String pipeName = exception.getPipeName();
			publish(new PipeFrameRejectedEvent(source(pipeName), pipeName, exception.getListenerId(), rejected));
		}
	}

	private Object source(String pipeName) {
		ManagedPipe pipe = this.pipes.findPipe(pipeName);
		return (pipe != null) ? pipe : pipeName;
	}

	private void publish(PipeEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("An application listener failed on " + event + "; the pipe goes on", ex);
		}
	}

}
