package io.github.xpipe.support.micrometer;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeSendListener;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeListenerFailedException;
import io.github.xpipe.pipe.PipeDirection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * The {@code xpipe.*} counters, tagged {@code pipe}, fed by what listener containers and the
 * template report. An inbound pipe (this application reads it) has
 * <ul>
 * <li>{@code xpipe.messages.received} and {@code xpipe.bytes.received}: messages decoded from it;</li>
 * <li>{@code xpipe.frames.rejected}, also tagged {@code reason} (crc, base64, too-large, malformed,
 * truncated), registered with the first frame rejected for that reason;</li>
 * <li>{@code xpipe.listener.errors}: exceptions thrown by its listener;</li>
 * </ul>
 * an outbound pipe (this application writes it) has {@code xpipe.messages.sent} and
 * {@code xpipe.bytes.sent}: messages the template sent. A pipe has no series that could never move.
 * The counters of the given pipes exist from the start, at zero, so dashboards and alerts see them
 * before any traffic; those of a pipe not given are registered with its first event. Each update
 * is a map lookup and an atomic add.
 */
public class PipeMetrics implements PipeContainerListener, PipeSendListener {

	private static final String PREFIX = "xpipe.";

	private final MeterRegistry registry;

	private final Map<String, InboundMeters> inbound = new ConcurrentHashMap<>();

	private final Map<String, OutboundMeters> outbound = new ConcurrentHashMap<>();

	/**
	 * @param registry where the counters are registered
	 * @param pipes the pipes whose counters are registered at once, as their direction allows
	 */
	public PipeMetrics(MeterRegistry registry, Collection<ManagedPipe> pipes) {
		this.registry = registry;
		for (ManagedPipe pipe : pipes) {
			if (pipe.getDirection() == PipeDirection.INBOUND) {
				inbound(pipe.getName());
			}
			else {
				outbound(pipe.getName());
			}
		}
	}

	@Override
	public void messagesReceived(String pipeName, int messages, long bytes) {
		InboundMeters meters = inbound(pipeName);
		meters.messages.increment(messages);
		meters.bytes.increment(bytes);
	}

	@Override
	public void messagesSent(String pipeName, int messages, long bytes) {
		OutboundMeters meters = outbound(pipeName);
		meters.messages.increment(messages);
		meters.bytes.increment(bytes);
	}

	@Override
	public void listenerFailed(PipeListenerFailedException exception) {
		InboundMeters meters = inbound(exception.getPipeName());
		if (exception.getCause() instanceof FrameException rejected) {
			Counter.builder(PREFIX + "frames.rejected")
				.description("Frames the pipe's decoder rejected, by reason")
				.tags(meters.tags)
				.tag("reason", rejected.reason().tag())
				.register(this.registry)
				.increment();
		}
		else {
			meters.listenerErrors.increment();
		}
	}

	private InboundMeters inbound(String pipeName) {
		InboundMeters existing = this.inbound.get(pipeName);
		return (existing != null) ? existing
				: this.inbound.computeIfAbsent(pipeName, (name) -> new InboundMeters(this.registry, name));
	}

	private OutboundMeters outbound(String pipeName) {
		OutboundMeters existing = this.outbound.get(pipeName);
		return (existing != null) ? existing
				: this.outbound.computeIfAbsent(pipeName, (name) -> new OutboundMeters(this.registry, name));
	}

	private static Counter counter(MeterRegistry registry, Tags tags, String name, String description,
			@Nullable String baseUnit) {
		return Counter.builder(PREFIX + name).description(description).baseUnit(baseUnit).tags(tags).register(registry);
	}

	/** The counters of a pipe this application reads. */
	private static final class InboundMeters {

		final Tags tags;

		final Counter messages;

		final Counter bytes;

		final Counter listenerErrors;

		InboundMeters(MeterRegistry registry, String pipeName) {
			this.tags = Tags.of("pipe", pipeName);
			this.messages = counter(registry, this.tags, "messages.received", "Messages decoded from the pipe", null);
			this.bytes = counter(registry, this.tags, "bytes.received",
					"Payload bytes of the messages decoded from the pipe", "bytes");
			this.listenerErrors = counter(registry, this.tags, "listener.errors",
					"Exceptions thrown by the pipe's listener", null);
		}

	}

	/** The counters of a pipe this application writes. */
	private static final class OutboundMeters {

		final Counter messages;

		final Counter bytes;

		OutboundMeters(MeterRegistry registry, String pipeName) {
			Tags tags = Tags.of("pipe", pipeName);
			this.messages = counter(registry, tags, "messages.sent", "Messages sent to the pipe", null);
			this.bytes = counter(registry, tags, "bytes.sent", "Payload bytes of the messages sent to the pipe", "bytes");
		}

	}

}
