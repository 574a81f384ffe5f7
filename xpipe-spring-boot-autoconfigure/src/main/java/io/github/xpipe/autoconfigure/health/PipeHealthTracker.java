package io.github.xpipe.autoconfigure.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeActivityListener;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what the health of a pipe reports beyond its static description: how many writers are
 * connected to a pipe a listener reads, and the last error on each pipe (a rejected frame, a
 * listener exception, a failed read or send) with its time. Touched only on connections and
 * errors, never per message.
 */
public class PipeHealthTracker implements PipeActivityListener {

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
	public void writerConnected(ManagedPipe pipe, String listenerId, long connectionId) {
		state(pipe).connectedWriters.incrementAndGet();
	}

	@Override
	public void writerDisconnected(ManagedPipe pipe, String listenerId, long connectionId) {
		state(pipe).connectedWriters.updateAndGet((count) -> Math.max(0, count - 1));
	}

	@Override
	public void frameRejected(ManagedPipe pipe, String listenerId, FrameException error) {
		recordError(pipe, "rejected a frame (" + error.reason().tag() + ", " + error.byteCount() + " bytes)", error);
	}

	@Override
	public void listenerFailed(ManagedPipe pipe, String listenerId, Throwable error) {
		recordError(pipe, "listener '" + listenerId + "' failed", error);
	}

	@Override
	public void readerOpened(ManagedPipe pipe, String listenerId) {
		PipeState state = state(pipe);
		state.connectedWriters.set(0);
		state.readFailure = null;
	}

	@Override
	public void readFailed(ManagedPipe pipe, String listenerId, Exception error) {
		PipeState state = state(pipe);
		state.connectedWriters.set(0);
		state.readFailure = recordError(pipe, "listener '" + listenerId + "' cannot read the pipe", error);
	}

	@Override
	public void sendFailed(ManagedPipe pipe, int size, Exception error) {
		recordError(pipe, "send of " + size + " bytes failed", error);
	}

	private LastError recordError(ManagedPipe pipe, String what, Throwable error) {
		String message = (error.getMessage() != null) ? error.getMessage() : error.getClass().getName();
		LastError lastError = new LastError(what + ": " + message, error.getClass().getName(), this.clock.instant());
		state(pipe).lastError = lastError;
		return lastError;
	}

	private PipeState state(ManagedPipe pipe) {
		return this.states.computeIfAbsent(pipe.getName(), (name) -> new PipeState());
	}

	/**
	 * The last error on a pipe.
	 *
	 * @param message what failed and why
	 * @param type the exception class
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
