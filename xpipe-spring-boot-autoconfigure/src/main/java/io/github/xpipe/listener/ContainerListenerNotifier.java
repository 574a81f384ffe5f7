package io.github.xpipe.listener;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Tells the {@link PipeContainerListener container listeners} of one listener container what
 * happens to it; a container listener that throws is logged and does not stop the others.
 */
final class ContainerListenerNotifier {

	/** The container's logger: what is logged here is logged as the container's. */
	private static final Log logger = LogFactory.getLog(DefaultPipeListenerContainer.class);

	private final String pipeName;

	private final String listenerId;

	private final PipeContainerProperties properties;

	/** Messages the current read delivered so far, and their bytes: the reading thread's alone. */
	private int readMessages;

	private long readBytes;

	/** The listener list {@link #perMessage} was taken from, to notice when it is replaced. */
	private @Nullable List<PipeContainerListener> perMessageSource;

	/** The listeners that implement {@link PipeContainerListener#messageReceived}: the others are not called per message. */
	private List<PipeContainerListener> perMessage = List.of();

	ContainerListenerNotifier(String pipeName, String listenerId, PipeContainerProperties properties) {
		this.pipeName = pipeName;
		this.listenerId = listenerId;
		this.properties = properties;
	}

	/** Whether no container listener is registered, so that callers may skip building a notification. */
	boolean isEmpty() {
		return this.properties.getContainerListeners().isEmpty();
	}

	void notify(Consumer<PipeContainerListener> notification) {
		for (PipeContainerListener listener : this.properties.getContainerListeners()) {
			try {
				notification.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("Container listener " + listener + " of listener '" + this.listenerId + "' failed", ex);
			}
		}
	}

	/**
	 * Tells the container listeners of a message, and counts it for {@link #readFinished()}: no
	 * allocation, as it happens for every message. Called on the reading thread only.
	 */
	void messageReceived(int size) {
		this.readMessages++;
		this.readBytes += size;
		List<PipeContainerListener> listeners = perMessageListeners();
		for (int i = 0; i < listeners.size(); i++) {
			try {
				listeners.get(i).messageReceived(this.pipeName, size);
			}
			catch (RuntimeException ex) {
				logger.warn("Container listener " + listeners.get(i) + " of listener '" + this.listenerId + "' failed",
						ex);
			}
		}
	}

	private List<PipeContainerListener> perMessageListeners() {
		List<PipeContainerListener> all = this.properties.getContainerListeners();
		if (all != this.perMessageSource) {
			this.perMessage = all.stream().filter(ContainerListenerNotifier::listensPerMessage).toList();
			this.perMessageSource = all;
		}
		return this.perMessage;
	}

	private static boolean listensPerMessage(PipeContainerListener listener) {
		Method method = ReflectionUtils.findMethod(listener.getClass(), "messageReceived", String.class, int.class);
		return method == null || method.getDeclaringClass() != PipeContainerListener.class;
	}

	/** Tells the container listeners of the messages of the read that ended, if any (reading thread only). */
	void readFinished() {
		if (this.readMessages == 0) {
			return;
		}
		int messages = this.readMessages;
		long bytes = this.readBytes;
		this.readMessages = 0;
		this.readBytes = 0;
		notify((listener) -> listener.messagesReceived(this.pipeName, messages, bytes));
	}

}
