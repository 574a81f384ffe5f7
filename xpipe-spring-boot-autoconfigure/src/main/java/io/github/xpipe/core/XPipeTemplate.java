package io.github.xpipe.core;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.support.XPipeHeaders;
import io.github.xpipe.support.micrometer.DefaultPipeTemplateObservationConvention;
import io.github.xpipe.support.micrometer.PipeTemplateObservationContext;
import io.github.xpipe.support.micrometer.PipeTemplateObservationConvention;
import io.github.xpipe.support.micrometer.XPipeObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;

/**
 * The default {@link XPipeOperations}: sends to the {@link ManagedPipe outbound pipes} of a
 * {@link PipeRegistry}, each connected lazily with its connect timeout and reconnected on the next
 * send after the reader went away. Thread-safe; concurrent sends to one pipe never interleave
 * their frames.
 *
 * <p>A direct send made on a thread with an open {@link SendBatch} (a listener thread, while it
 * handles what one read returned) is buffered and written when the batch closes.
 *
 * <p>Each send is observed ({@code xpipe.template}) when an {@link ObservationRegistry} is set, and
 * reported to the {@link PipeSendListener}s; without either, nothing is done for them.
 */
public class XPipeTemplate implements XPipeOperations {

	private final PipeRegistry pipes;

	private final MessageConverter messageConverter;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable PipeTemplateObservationConvention observationConvention;

	private final List<PipeSendListener> sendListeners = new CopyOnWriteArrayList<>();

	/**
	 * The pipe the last send went to: a listener replies to the same pipe, named by the same
	 * string, message after message, which then costs no lookup. Any thread may replace it.
	 */
	private volatile @Nullable ResolvedPipe lastTarget;

	/** One for all batched sends: a batch tells it once per pipe, not once per message. */
	private final SendBatch.Reporter batchReporter = this::batchWritten;

	public XPipeTemplate(PipeRegistry pipes, MessageConverter messageConverter) {
		this.pipes = pipes;
		this.messageConverter = messageConverter;
	}

	@Override
	public void send(String pipe, byte[] payload) {
		doSend(outboundPipe(pipe), payload);
	}

	@Override
	public void send(String pipe, Message<?> message) {
		ManagedPipe target = outboundPipe(pipe);
		doSend(target, toBytes(target, message.getPayload(), message.getHeaders()));
	}

	@Override
	public void convertAndSend(String pipe, Object payload) {
		if (payload instanceof Message<?> message) {
			send(pipe, message);
			return;
		}
		ManagedPipe target = outboundPipe(pipe);
		doSend(target, toBytes(target, payload, null));
	}

	@Override
	public CompletableFuture<Void> sendAsync(String pipe, byte[] payload) {
		return doSendAsync(outboundPipe(pipe), payload);
	}

	@Override
	public CompletableFuture<Void> sendAsync(String pipe, Message<?> message) {
		ManagedPipe target = outboundPipe(pipe);
		return doSendAsync(target, toBytes(target, message.getPayload(), message.getHeaders()));
	}

	@Override
	public CompletableFuture<Void> convertAndSendAsync(String pipe, Object payload) {
		if (payload instanceof Message<?> message) {
			return sendAsync(pipe, message);
		}
		ManagedPipe target = outboundPipe(pipe);
		return doSendAsync(target, toBytes(target, payload, null));
	}

	@Override
	public void flush(String pipe) {
		ManagedPipe target = outboundPipe(pipe);
		SendBatch batch = SendBatch.current();
		try {
			if (batch != null) {
				batch.flush(target);
			}
			else {
				target.flush();
			}
		}
		catch (IOException ex) {
			throw new PipeSendException(target.getName(), "Messages queued for pipe '" + target.getName()
					+ "' could not all be written: " + ex.getMessage(), ex);
		}
	}

	/** The converter that turns payloads into bytes. */
	public MessageConverter getMessageConverter() {
		return this.messageConverter;
	}

	/** Where each send is observed ({@code xpipe.template}). Default: nowhere. */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/** A convention replacing the default one of the {@code xpipe.template} observation. */
	public void setObservationConvention(@Nullable PipeTemplateObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/** Adds a listener told of each message sent and each failed send. */
	public void addSendListener(PipeSendListener sendListener) {
		this.sendListeners.add(sendListener);
	}

	/**
	 * Sends the bytes of one message to a declared outbound pipe: the one place every send goes
	 * through, e.g. to observe or time sends in a subclass.
	 * @throws PipeSendException when sending failed
	 */
	protected void doSend(ManagedPipe target, byte[] payload) {
		if (this.observationRegistry.isNoop()) {
			write(target, payload);
			return;
		}
		PipeTemplateObservationContext context = new PipeTemplateObservationContext(payload, target.getName(),
				target.getDefinition().codec().framing().id());
		XPipeObservation.TEMPLATE_OBSERVATION
			.observation(this.observationConvention, DefaultPipeTemplateObservationConvention.INSTANCE, () -> context,
					this.observationRegistry)
			.observe(() -> write(target, payload));
	}

	/**
	 * Sends the bytes of one message to a declared outbound pipe without waiting for the write: the
	 * one place every asynchronous send goes through. Its observation ends, and the send listeners
	 * are told, when the future completes.
	 * @return completed once written, or exceptionally with a {@link PipeSendException}
	 */
	protected CompletableFuture<Void> doSendAsync(ManagedPipe target, byte[] payload) {
		Observation observation = null;
		if (!this.observationRegistry.isNoop()) {
			PipeTemplateObservationContext context = new PipeTemplateObservationContext(payload, target.getName(),
					target.getDefinition().codec().framing().id());
			observation = XPipeObservation.TEMPLATE_OBSERVATION
				.observation(this.observationConvention, DefaultPipeTemplateObservationConvention.INSTANCE, () -> context,
						this.observationRegistry)
				.start();
		}
		Observation started = observation;
		CompletableFuture<Void> result = new CompletableFuture<>();
		target.sendAsync(payload).whenComplete((ignored, failure) -> {
			if (failure == null) {
				sent(target, payload);
				if (started != null) {
					started.stop();
				}
				result.complete(null);
				return;
			}
			Exception cause = (failure instanceof Exception exception) ? exception : new IllegalStateException(failure);
			PipeSendException error = failed(target, payload, cause);
			if (started != null) {
				started.error(error);
				started.stop();
			}
			result.completeExceptionally(error);
		});
		return result;
	}

	private void write(ManagedPipe target, byte[] payload) {
		SendBatch batch = (target.getDefinition().sendMode() == SendMode.DIRECT) ? SendBatch.current() : null;
		try {
			if (batch != null) {
				batch.send(target, payload, this.batchReporter);
				return;
			}
			target.send(payload);
		}
		catch (IOException ex) {
			throw failed(target, payload, ex);
		}
		sent(target, payload);
	}

	private void sent(ManagedPipe target, byte[] payload) {
		for (PipeSendListener listener : this.sendListeners) {
			listener.messageSent(target.getName(), payload.length);
			listener.messagesSent(target.getName(), 1, payload.length);
		}
	}

	/** Tells the send listeners what became of the messages a {@link SendBatch} held for a pipe. */
	private void batchWritten(ManagedPipe target, int[] sizes, int count, long bytes, @Nullable IOException failure) {
		String name = target.getName();
		for (PipeSendListener listener : this.sendListeners) {
			for (int i = 0; i < count; i++) {
				if (failure == null) {
					listener.messageSent(name, sizes[i]);
				}
				else {
					listener.sendFailed(name, sizes[i], failure);
				}
			}
			if (failure == null) {
				listener.messagesSent(name, count, bytes);
			}
		}
	}

	/** Tells the send listeners of the failure; the exception to report it with. */
	private PipeSendException failed(ManagedPipe target, byte[] payload, Exception cause) {
		for (PipeSendListener listener : this.sendListeners) {
			listener.sendFailed(target.getName(), payload.length, cause);
		}
		return new PipeSendException(target.getName(), "Could not send a message of " + payload.length
				+ " bytes to pipe '" + target.getName() + "': " + cause.getMessage(), cause);
	}

	private ManagedPipe outboundPipe(String name) {
		ResolvedPipe last = this.lastTarget;
		if (last != null && last.name() == name) {
			return last.pipe();
		}
		ManagedPipe pipe = this.pipes.getPipe(name, "a send");
		if (pipe.getDirection() != PipeDirection.OUTBOUND) {
			throw new PipeDirectionException(name, pipe.getDirection(), "a send");
		}
		this.lastTarget = new ResolvedPipe(name, pipe);
		return pipe;
	}

	/** A pipe name as a caller gave it (the very string), and the pipe it names. */
	private record ResolvedPipe(String name, ManagedPipe pipe) {
	}

	private byte[] toBytes(ManagedPipe target, Object payload, @Nullable MessageHeaders headers) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		Map<String, Object> converterHeaders = (headers != null) ? new HashMap<>(headers) : new HashMap<>();
		converterHeaders.put(XPipeHeaders.PIPE, target.getName());
		converterHeaders.put(XPipeHeaders.CHARSET, target.getDefinition().charset());
		Message<?> converted;
		try {
			converted = this.messageConverter.toMessage(payload, new MessageHeaders(converterHeaders));
		}
		catch (RuntimeException ex) {
			throw new PipeSendException(target.getName(), "Could not convert a " + payload.getClass().getName()
					+ " for pipe '" + target.getName() + "': " + ex.getMessage(), ex);
		}
		if (converted == null) {
			throw new PipeSendException(target.getName(), "No message converter can turn a "
					+ payload.getClass().getName() + " into bytes for pipe '" + target.getName()
					+ "': send byte[] or String, add Jackson for JSON, or declare an XPipeMessageConverter bean", null);
		}
		Object result = converted.getPayload();
		if (result instanceof byte[] bytes) {
			return bytes;
		}
		if (result instanceof String text) {
			return text.getBytes(target.getDefinition().charset());
		}
		throw new PipeSendException(target.getName(), "The message converter turned a " + payload.getClass().getName()
				+ " into a " + result.getClass().getName() + "; pipes carry byte[]", null);
	}

}
