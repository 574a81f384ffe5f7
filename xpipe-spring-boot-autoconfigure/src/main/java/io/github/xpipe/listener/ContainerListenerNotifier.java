package io.github.xpipe.listener;

import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	/** Tells the container listeners of a message: no allocation, as it happens for every message. */
	void messageReceived(int size) {
		List<PipeContainerListener> listeners = this.properties.getContainerListeners();
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

}
