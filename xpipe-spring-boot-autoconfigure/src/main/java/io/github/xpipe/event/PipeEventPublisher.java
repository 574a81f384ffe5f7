package io.github.xpipe.event;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeListenerFailedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes the {@link PipeEvent}s: writers connecting and disconnecting, listeners idling, frames
 * rejected. A listener is idle when the reads that end every poll timeout (a second by default)
 * bring no message for the idle interval, so idleness is told with about that precision. Events are
 * published synchronously, on the listener container's reading thread: an
 * {@code @EventListener} that takes long delays the pipe (use {@code @Async} for slow work). An
 * exception thrown by an event listener is logged and does not disturb the pipe.
 */
public class PipeEventPublisher implements PipeContainerListener {

	private static final Log logger = LogFactory.getLog(PipeEventPublisher.class);

	private final ApplicationEventPublisher publisher;

	private final PipeRegistry pipes;

	private final long idleIntervalNanos;

	private final Map<String, Idleness> idleness = new ConcurrentHashMap<>();

	/**
	 * Publishes no idle events.
	 * @param publisher where events go
	 * @param pipes the declared pipes, the sources of the events
	 */
	public PipeEventPublisher(ApplicationEventPublisher publisher, PipeRegistry pipes) {
		this(publisher, pipes, null);
	}

	/**
	 * @param publisher where events go
	 * @param pipes the declared pipes, the sources of the events
	 * @param idleEventInterval how long a listener may receive nothing before a
	 * {@link PipeListenerIdleEvent} is published, and again every such interval; {@code null} for no
	 * idle events
	 */
	public PipeEventPublisher(ApplicationEventPublisher publisher, PipeRegistry pipes,
			@Nullable Duration idleEventInterval) {
		this.publisher = publisher;
		this.pipes = pipes;
		this.idleIntervalNanos = (idleEventInterval != null) ? idleEventInterval.toNanos() : 0;
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
	public void afterRead(String pipeName, int messageCount) {
		if (this.idleIntervalNanos == 0) {
			return;
		}
		long now = System.nanoTime();
		Idleness idle = this.idleness.computeIfAbsent(pipeName, (name) -> new Idleness(now));
		if (messageCount > 0) {
			idle.lastMessage = now;
			idle.lastReport = now;
		}
		else if (now - idle.lastReport >= this.idleIntervalNanos) {
			idle.lastReport = now;
			publish(new PipeListenerIdleEvent(source(pipeName), pipeName, Duration.ofNanos(now - idle.lastMessage)));
		}
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

	/** When a pipe's listener last received a message, and when its idleness was last told. Read thread only. */
	private static final class Idleness {

		long lastMessage;

		long lastReport;

		Idleness(long now) {
			this.lastMessage = now;
			this.lastReport = now;
		}

	}

}
