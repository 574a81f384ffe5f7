package io.github.xpipe.hardening;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.listener.LoggingPipeListenerErrorHandler;
import io.github.xpipe.listener.PipeListenerFailedException;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/** Records what the listener container reports, then logs it as the default handler does. */
public class RecordingErrorHandler extends LoggingPipeListenerErrorHandler {

	private final List<PipeListenerFailedException> errors = new CopyOnWriteArrayList<>();

	private final List<byte[]> failedPayloads = new CopyOnWriteArrayList<>();

	@Override
	public void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
		this.errors.add(exception);
		if (message != null) {
			this.failedPayloads.add(message.getPayload());
		}
		super.handleError(exception, message);
	}

	List<PipeListenerFailedException> errors() {
		return this.errors;
	}

	/** The payloads of the messages the listener threw on. */
	List<byte[]> failedPayloads() {
		return this.failedPayloads;
	}

	/** How many frames were rejected, by reason tag. */
	Map<String, Integer> rejectedFrames() {
		Map<String, Integer> byReason = new TreeMap<>();
		for (PipeListenerFailedException error : this.errors) {
			if (error.getCause() instanceof FrameException frame) {
				byReason.merge(frame.reason().tag(), 1, Integer::sum);
			}
		}
		return byReason;
	}

	int rejectedFrameCount() {
		return rejectedFrames().values().stream().mapToInt(Integer::intValue).sum();
	}

}
