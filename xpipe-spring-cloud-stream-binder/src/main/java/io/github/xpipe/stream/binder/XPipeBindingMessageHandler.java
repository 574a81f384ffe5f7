package io.github.xpipe.stream.binder;

import java.util.List;

import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.integration.outbound.PipeMessageHandler;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

/**
 * The outbound handler of a producer binding: a {@link PipeMessageHandler} that writes the result of
 * a batch function, a message whose payload is a {@link List} of {@code byte[]} payloads or of
 * messages, as one frame per element, in order, each {@code byte[]} with the list message's headers.
 * Any other payload is written as one frame, as by the {@link PipeMessageHandler}.
 */
class XPipeBindingMessageHandler extends PipeMessageHandler {

	XPipeBindingMessageHandler(XPipeOperations operations) {
		super(operations);
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		if (!(message.getPayload() instanceof List<?> elements) || !isBatch(elements)) {
			super.handleMessageInternal(message);
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
