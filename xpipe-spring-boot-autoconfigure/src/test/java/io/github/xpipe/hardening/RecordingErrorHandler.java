package io.github.xpipe.hardening;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.listener.LoggingPipeListenerErrorHandler;
import io.github.xpipe.listener.PipeListenerFailedException;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;

/**
 * Records what the listener container reports (the first {@value #KEPT} errors, and a count of
 * every rejected frame by reason), then logs it as the default handler does.
 */
public class RecordingErrorHandler extends LoggingPipeListenerErrorHandler {

	private static final int KEPT = 10_000;

	private final List<PipeListenerFailedException> errors = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> rejected = new ConcurrentHashMap<>();

	private final List<byte[]> failedPayloads = new CopyOnWriteArrayList<>();

	@Override
	public void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
		if (this.errors.size() < KEPT) {
			this.errors.add(exception);
		}
		if (exception.getCause() instanceof FrameException frame) {
			this.rejected.computeIfAbsent(frame.reason().tag(), (tag) -> new AtomicInteger()).incrementAndGet();
		}
		if (message != null) {
			this.failedPayloads.add(message.getPayload());
		}
		super.handleError(exception, message);
	}

	/** The first errors reported. */
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
		this.rejected.forEach((tag, count) -> byReason.put(tag, count.get()));
		return byReason;
	}

	int rejectedFrameCount() {
		return rejectedFrames().values().stream().mapToInt(Integer::intValue).sum();
	}

}
