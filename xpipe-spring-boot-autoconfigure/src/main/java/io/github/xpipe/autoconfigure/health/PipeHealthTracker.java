package io.github.xpipe.autoconfigure.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.core.PipeSendListener;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeListenerFailedException;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what the health of a pipe reports beyond its static description: how many writers are
 * connected to a pipe a listener reads, whether the listener currently fails to read it, and the
 * last error on each pipe (a rejected frame, a listener exception, a failed read or send) with its
 * time. Touched only on connections and errors, never per message.
 */
public class PipeHealthTracker implements PipeContainerListener, PipeSendListener {

	private final Map<String, PipeState> states = new ConcurrentHashMap<>();

	private final Clock clock;

	public PipeHealthTracker() {
		this(Clock.systemUTC());
	}

	public PipeHealthTracker(Clock clock) {
		this.clock = clock;
	}

	/** The number of writer connections open on the pipe read by a listener. */
	public int getConnectedWriters(String pipeName) {
		PipeState state = this.states.get(pipeName);
		return (state != null) ? state.connectedWriters.get() : 0;
	}

	/**
	 * The error of the last read of a listener on the pipe, when it failed and the pipe was not
	 * reopened since; otherwise {@code null}.
	 */
	public @Nullable LastError getReadFailure(String pipeName) {
		PipeState state = this.states.get(pipeName);
		return (state != null) ? state.readFailure : null;
	}

	/** The last error on the pipe, or {@code null}. */
	public @Nullable LastError getLastError(String pipeName) {
		PipeState state = this.states.get(pipeName);
		return (state != null) ? state.lastError : null;
	}

	@Override
	public void writerConnected(String pipeName, long connectionId) {
		state(pipeName).connectedWriters.incrementAndGet();
	}

	@Override
	public void writerDisconnected(String pipeName, long connectionId) {
		state(pipeName).connectedWriters.updateAndGet((count) -> Math.max(0, count - 1));
	}

	@Override
	public void readerOpened(String pipeName, String listenerId) {
		PipeState state = state(pipeName);
		state.connectedWriters.set(0);
		state.readFailure = null;
	}

	@Override
	public void readFailed(String pipeName, String listenerId, Exception error) {
		PipeState state = state(pipeName);
		state.connectedWriters.set(0);
		state.readFailure = recordError(pipeName, "listener '" + listenerId + "' cannot read the pipe: " + describe(error),
				error);
	}

	@Override
	public void listenerFailed(PipeListenerFailedException exception) {
		recordError(exception.getPipeName(), describe(exception), exception.getCause());
	}

	@Override
	public void sendFailed(String pipeName, int size, Exception error) {
		recordError(pipeName, "send of " + size + " bytes failed: " + describe(error), error);
	}

	private LastError recordError(String pipeName, String message, @Nullable Throwable error) {
		String type = (error != null) ? error.getClass().getName() : "";
		LastError lastError = new LastError(message, type, this.clock.instant());
		state(pipeName).lastError = lastError;
		return lastError;
	}

	private static String describe(Throwable error) {
		return (error.getMessage() != null) ? error.getMessage() : error.getClass().getName();
	}

	private PipeState state(String pipeName) {
		return this.states.computeIfAbsent(pipeName, (name) -> new PipeState());
	}

	/**
	 * The last error on a pipe.
	 *
	 * @param message what failed and why
	 * @param type the class of the exception
	 * @param time when
	 */
	public record LastError(String message, String type, Instant time) {

	}

	private static final class PipeState {

		final AtomicInteger connectedWriters = new AtomicInteger();

		volatile @Nullable LastError lastError;

		volatile @Nullable LastError readFailure;

	}

}
