package io.github.xpipe.listener;

import java.nio.charset.Charset;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.support.micrometer.DefaultPipeListenerObservationConvention;
import io.github.xpipe.support.micrometer.PipeListenerObservationContext;
import io.github.xpipe.support.micrometer.XPipeObservation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * Invokes the {@link MessageListener} of a container for one message, observed
 * ({@code xpipe.listener}) when the container properties hold an {@link ObservationRegistry}, and
 * hands what fails, a listener exception or a rejected frame, to the container listeners and the
 * {@link PipeListenerErrorHandler}. A {@link PayloadMessageListener} that takes the payload only is
 * handed just that when nothing observes it; the message is then built only if it fails.
 */
final class ListenerInvoker {

	/** The container's logger: what is logged here is logged as the container's. */
	private static final Log logger = LogFactory.getLog(DefaultPipeListenerContainer.class);

	private final ManagedPipe pipe;

	private final String pipeName;

	private final Charset charset;

	private final String listenerId;

	private final MessageListener messageListener;

	/** The listener, when it takes the payload alone. */
	private final @Nullable PayloadMessageListener payloadListener;

	private final PipeListenerErrorHandler errorHandler;

	private final PipeContainerProperties properties;

	private final ContainerListenerNotifier notifier;

	ListenerInvoker(ManagedPipe pipe, String listenerId, MessageListener messageListener,
			PipeListenerErrorHandler errorHandler, PipeContainerProperties properties, ContainerListenerNotifier notifier) {
		this.pipe = pipe;
		this.pipeName = pipe.getName();
		this.charset = pipe.getDefinition().charset();
		this.listenerId = listenerId;
		this.messageListener = messageListener;
		this.payloadListener = (messageListener instanceof PayloadMessageListener listener && listener.takesPayloadOnly())
				? listener : null;
		this.errorHandler = errorHandler;
		this.properties = properties;
		this.notifier = notifier;
	}

	/**
	 * The message of a payload read from the pipe; its headers are built only if something asks for
	 * them.
	 * @param payload the decoded frame
	 * @param receivedTimestamp when the read that carried it returned
	 */
	Message<byte[]> message(byte[] payload, long receivedTimestamp) {
		return new ReceivedPipeMessage(payload, this.pipeName, this.charset, receivedTimestamp);
	}

	/**
	 * Invokes the listener for a payload read from the pipe, building its message only when the
	 * listener needs one; see {@link #dispatch(Message)}.
	 */
	void dispatch(byte[] payload, long receivedTimestamp) {
		PayloadMessageListener listener = this.payloadListener;
		if (listener == null || !this.properties.getObservationRegistry().isNoop()) {
			dispatch(message(payload, receivedTimestamp));
			return;
		}
		try {
			listener.onPayload(payload);
		}
		catch (Throwable ex) {
			listenerFailed(ex, message(payload, receivedTimestamp));
		}
	}

	/** Invokes the listener; whatever it throws, except a fatal error, goes to the error handler. */
	void dispatch(Message<byte[]> message) {
		ObservationRegistry observationRegistry = this.properties.getObservationRegistry();
		try {
			if (observationRegistry.isNoop()) {
				this.messageListener.onMessage(message);
			}
			else {
				observe(message, observationRegistry);
			}
		}
		catch (Throwable ex) {
			listenerFailed(ex, message);
		}
	}

	private void listenerFailed(Throwable ex, Message<byte[]> message) {
		if (ex instanceof VirtualMachineError fatal && !(ex instanceof StackOverflowError)) {
			throw fatal;
		}
		handleError(new PipeListenerFailedException(this.pipeName, this.listenerId, message.getPayload().length, ex),
				message);
	}

	private void observe(Message<byte[]> message, ObservationRegistry observationRegistry) throws Exception {
		PipeListenerObservationContext context = new PipeListenerObservationContext(message, this.pipeName,
				this.pipe.getDefinition().codec().framing().id(), this.listenerId);
		XPipeObservation.LISTENER_OBSERVATION
			.observation(this.properties.getObservationConvention(), DefaultPipeListenerObservationConvention.INSTANCE,
					() -> context, observationRegistry)
			.observeChecked(() -> this.messageListener.onMessage(message));
	}

	/** Tells the container listeners, then the error handler, of a failure; a failing error handler is logged. */
	void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
		this.notifier.notify((listener) -> listener.listenerFailed(exception));
		try {
			this.errorHandler.handleError(exception, message);
		}
		catch (Exception ex) {
			logger.error("The error handler of listener '" + this.listenerId + "' on pipe '" + this.pipeName
					+ "' failed on: " + exception.getMessage(), ex);
		}
	}

}
