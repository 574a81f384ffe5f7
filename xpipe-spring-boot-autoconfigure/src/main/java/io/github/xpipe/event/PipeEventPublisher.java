package io.github.xpipe.event;

import java.time.Duration;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeActivityListener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the {@link PipeEvent}s: writers connecting and disconnecting, listeners idling, frames
 * rejected. Events are published synchronously, on the listener container's reading thread: an
 * {@code @EventListener} that takes long delays the pipe (use {@code @Async} for slow work). An
 * exception thrown by an event listener is logged and does not disturb the pipe.
 */
public class PipeEventPublisher implements PipeActivityListener {

	private static final Log logger = LogFactory.getLog(PipeEventPublisher.class);

	private final ApplicationEventPublisher publisher;

	public PipeEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void writerConnected(ManagedPipe pipe, String listenerId, long connectionId) {
		publish(new PipeWriterConnectedEvent(pipe, listenerId, connectionId));
	}

	@Override
	public void writerDisconnected(ManagedPipe pipe, String listenerId, long connectionId) {
		publish(new PipeWriterDisconnectedEvent(pipe, listenerId, connectionId));
	}

	@Override
	public void listenerIdle(ManagedPipe pipe, String listenerId, Duration idleTime) {
		publish(new PipeListenerIdleEvent(pipe, listenerId, idleTime));
	}

	@Override
	public void frameRejected(ManagedPipe pipe, String listenerId, FrameException error) {
		publish(new PipeFrameRejectedEvent(pipe, listenerId, error));
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
