package io.github.xpipe.core;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.support.XPipeHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConverter;

/**
 * The default {@link XPipeOperations}: sends to the {@link ManagedPipe outbound pipes} of a
 * {@link PipeRegistry}, each connected lazily with its connect timeout and reconnected on the next
 * send after the reader went away. Thread-safe; concurrent sends to one pipe never interleave
 * their frames.
 */
public class XPipeTemplate implements XPipeOperations {

	private final PipeRegistry pipes;

	private final MessageConverter messageConverter;

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

	/** The converter that turns payloads into bytes. */
	public MessageConverter getMessageConverter() {
		return this.messageConverter;
	}

	/**
	 * Sends the bytes of one message to a declared outbound pipe: the one place every send goes
	 * through, e.g. to observe or time sends in a subclass.
	 * @throws PipeSendException when sending failed
	 */
	protected void doSend(ManagedPipe target, byte[] payload) {
		try {
			target.send(payload);
		}
		catch (IOException ex) {
			throw new PipeSendException(target.getName(), "Could not send a message of " + payload.length
					+ " bytes to pipe '" + target.getName() + "': " + ex.getMessage(), ex);
		}
	}

	private ManagedPipe outboundPipe(String name) {
		ManagedPipe pipe = this.pipes.getPipe(name, "a send");
		if (pipe.getDirection() != PipeDirection.OUTBOUND) {
			throw new PipeDirectionException(name, pipe.getDirection(), "a send");
		}
		return pipe;
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
