package io.github.xpipe.stream.binder;

import java.util.List;

import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.integration.outbound.PipeMessageHandler;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The outbound handler of a producer binding: a {@link PipeMessageHandler} that writes the result of
 * a batch function, a message whose payload is a {@link List} of {@code byte[]} payloads or of
 * messages, as one frame per element, in order. Synchronous {@code byte[]} elements are handed to the
 * operations as they are, without a message each; asynchronous ones, as messages with the list
 * message's headers. Any other payload is written as one frame, as by the {@link PipeMessageHandler}.
 */
class XPipeBindingMessageHandler extends PipeMessageHandler {

	private final XPipeOperations operations;

	private final String pipe;

	private final boolean sync;

	/**
	 * @param operations sends the frames
	 * @param pipe the binding's pipe
	 * @param sync whether a send waits for its frame to be in the pipe
	 */
	XPipeBindingMessageHandler(XPipeOperations operations, String pipe, boolean sync) {
		super(operations);
		this.operations = operations;
		this.pipe = pipe;
		this.sync = sync;
		setPipe(pipe);
		setSync(sync);
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		if (!(message.getPayload() instanceof List<?> elements) || !isBatch(elements)) {
			super.handleMessageInternal(message);
			return;
		}
		if (this.sync && elements.get(0) instanceof byte[]) {
			for (Object element : elements) {
				if (element instanceof byte[] payload) {
					this.operations.send(this.pipe, payload);
				}
				else {
					super.handleMessageInternal((Message<?>) element);
				}
			}
			return;
		}
		for (Object element : elements) {
			super.handleMessageInternal((element instanceof Message<?> elementMessage) ? elementMessage
					: new GenericMessage<>(element, message.getHeaders()));
		}
	}

	private static boolean isBatch(List<?> elements) {
		if (elements.isEmpty()) {
			return false;
		}
		for (Object element : elements) {
			if (!(element instanceof byte[]) && !(element instanceof Message<?>)) {
				return false;
			}
		}
		return true;
	}

}
