package io.github.xpipe.autoconfigure.health;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.listener.PipeListenerContainer;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.spi.PipeBackends;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one declared pipe: UP when the pipe exists and its listener, if it has one, is
 * running and reading; DOWN otherwise, with the {@code reason}. Details: {@code path}, {@code direction},
 * {@code framing}, {@code owner} ({@code this application} or {@code another process}), the
 * listener and its state, the writers connected to an inbound pipe (on Linux and macOS 0 or 1: a
 * FIFO's writers share one connection), whether this application is connected to an outbound pipe,
 * and the last error with its time.
 *
 * <p>On Linux and macOS the pipe exists when its FIFO is on disk. On Windows a pipe this
 * application creates exists while it runs; one owned by another process cannot be checked without
 * taking one of its instances, so it is taken to exist.
 */
public class PipeHealthIndicator implements HealthIndicator {

	private final ManagedPipe pipe;

	private final Supplier<List<PipeListenerContainer>> listeners;

	private final PipeHealthTracker tracker;

	/**
	 * @param pipe the pipe
	 * @param listeners the listener containers of the application (those on this pipe are picked)
	 * @param tracker connected writers and last errors
	 */
	public PipeHealthIndicator(ManagedPipe pipe, Supplier<List<PipeListenerContainer>> listeners,
			PipeHealthTracker tracker) {
		this.pipe = pipe;
		this.listeners = listeners;
		this.tracker = tracker;
	}

	@Override
	public Health health() {
		Health.Builder builder = new Health.Builder();
		builder.withDetail("path", this.pipe.getPath())
			.withDetail("direction", this.pipe.getDirection().name().toLowerCase(Locale.ROOT))
			.withDetail("framing", this.pipe.getDefinition().codec().framing().id())
			.withDetail("owner", this.pipe.getDefinition().create() ? "this application" : "another process");
		PipeListenerContainer listener = listener();
		if (listener != null) {
			builder.withDetail("listener", listener.getListenerId())
				.withDetail("listenerRunning", listener.isRunning())
				.withDetail("connectedWriters", this.tracker.getConnectedWriters(this.pipe.getName()));
		}
		if (this.pipe.getDirection() == PipeDirection.OUTBOUND) {
			builder.withDetail("connected", this.pipe.isConnected());
		}
		PipeHealthTracker.LastError lastError = this.tracker.getLastError(this.pipe.getName());
		if (lastError != null) {
			builder.withDetail("lastError", lastError.message()).withDetail("lastErrorTime", lastError.time().toString());
		}
		String problem = problem(listener);
		if (problem != null) {
			return builder.down().withDetail("reason", problem).build();
		}
		return builder.up().build();
	}

	private @Nullable String problem(@Nullable PipeListenerContainer listener) {
		if (!this.pipe.isRunning()) {
			return "the pipe is not started";
		}
		if (this.pipe.getDefinition().create() && !this.pipe.getNamedPipe().isCreated()) {
			return "the pipe was not created";
		}
		if (!PipeBackends.isWindows() && !Files.exists(Path.of(this.pipe.getPath()), LinkOption.NOFOLLOW_LINKS)) {
			return this.pipe.getDefinition().create() ? "nothing at " + this.pipe.getPath() + ": the pipe was removed"
					: "nothing at " + this.pipe.getPath() + ": the process that owns the pipe has not created it";
		}
		if (listener != null && !listener.isRunning()) {
			return "listener '" + listener.getListenerId() + "' is not running";
		}
		PipeHealthTracker.LastError readFailure = this.tracker.getReadFailure(this.pipe.getName());
		if (listener != null && readFailure != null) {
			return readFailure.message();
		}
		return null;
	}

	private @Nullable PipeListenerContainer listener() {
		for (PipeListenerContainer container : this.listeners.get()) {
			if (container.getPipeName().equals(this.pipe.getName())) {
				return container;
			}
		}
		return null;
	}

}
