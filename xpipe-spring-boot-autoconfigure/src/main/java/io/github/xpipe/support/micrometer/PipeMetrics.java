package io.github.xpipe.support.micrometer;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.PipeSendListener;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeListenerFailedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * The {@code xpipe.*} counters, tagged {@code pipe}, fed by what listener containers and the
 * template report:
 * <ul>
 * <li>{@code xpipe.messages.received} and {@code xpipe.bytes.received}: messages decoded from a pipe;</li>
 * <li>{@code xpipe.messages.sent} and {@code xpipe.bytes.sent}: messages the template sent;</li>
 * <li>{@code xpipe.frames.rejected}, also tagged {@code reason} (crc, base64, too-large, malformed,
 * truncated);</li>
 * <li>{@code xpipe.listener.errors}: exceptions thrown by listeners.</li>
 * </ul>
 * The counters of the given pipes exist from the start, at zero, so dashboards and alerts see them
 * before any traffic; each update is a map lookup and an atomic add.
 */
public class PipeMetrics implements PipeContainerListener, PipeSendListener {

	private static final String PREFIX = "xpipe.";

	private final MeterRegistry registry;

	private final Map<String, PipeMeters> meters = new ConcurrentHashMap<>();

	/**
	 * @param registry where the counters are registered
	 * @param pipeNames the pipes whose counters are registered at once
	 */
	public PipeMetrics(MeterRegistry registry, Collection<String> pipeNames) {
		this.registry = registry;
		for (String pipeName : pipeNames) {
			meters(pipeName);
		}
	}

	@Override
	public void messageReceived(String pipeName, int size) {
		PipeMeters meters = meters(pipeName);
		meters.messagesReceived.increment();
		meters.bytesReceived.increment(size);
	}

	@Override
	public void messageSent(String pipeName, int size) {
		PipeMeters meters = meters(pipeName);
		meters.messagesSent.increment();
		meters.bytesSent.increment(size);
	}

	@Override
	public void listenerFailed(PipeListenerFailedException exception) {
		if (exception.getCause() instanceof FrameException rejected) {
			Counter.builder(PREFIX + "frames.rejected")
				.description("Frames the pipe's decoder rejected, by reason")
				.tags(meters(exception.getPipeName()).tags)
				.tag("reason", rejected.reason().tag())
				.register(this.registry)
				.increment();
		}
		else {
			meters(exception.getPipeName()).listenerErrors.increment();
		}
	}

	private PipeMeters meters(String pipeName) {
		PipeMeters existing = this.meters.get(pipeName);
		return (existing != null) ? existing
				: this.meters.computeIfAbsent(pipeName, (name) -> new PipeMeters(this.registry, name));
	}

	/** The counters of one pipe. */
	private static final class PipeMeters {

		final Tags tags;

		final Counter messagesReceived;

		final Counter bytesReceived;

		final Counter messagesSent;

		final Counter bytesSent;

		final Counter listenerErrors;

		PipeMeters(MeterRegistry registry, String pipeName) {
			this.tags = Tags.of("pipe", pipeName);
			this.messagesReceived = counter(registry, "messages.received", "Messages decoded from the pipe", null);
			this.bytesReceived = counter(registry, "bytes.received", "Payload bytes of the messages decoded from the pipe",
					"bytes");
			this.messagesSent = counter(registry, "messages.sent", "Messages sent to the pipe", null);
			this.bytesSent = counter(registry, "bytes.sent", "Payload bytes of the messages sent to the pipe", "bytes");
			this.listenerErrors = counter(registry, "listener.errors", "Exceptions thrown by the pipe's listener",
					null);
		}

		private Counter counter(MeterRegistry registry, String name, String description, @Nullable String baseUnit) {
			return Counter.builder(PREFIX + name).description(description).baseUnit(baseUnit).tags(this.tags)
				.register(registry);
		}

	}

}
