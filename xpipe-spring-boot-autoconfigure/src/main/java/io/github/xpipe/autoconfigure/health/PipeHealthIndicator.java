package io.github.xpipe.autoconfigure.health;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.listener.PipeListenerContainer;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.ReadEndStatus;
import io.github.xpipe.pipe.spi.PipeBackends;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of one pipe, declared or provisioned: UP when the pipe exists and its listener, if it has one, is
 * running and reading; DOWN otherwise, with the {@code reason}. Details: {@code path}, {@code direction},
 * {@code framing}, {@code owner} ({@code this application} or {@code another process}), the
 * listener and its state, what its read end is doing ({@code reader}: {@code reading},
 * {@code waiting for the pipe} or {@code closed}, with {@code readerWaitingFor} while it waits), how
 * often it followed the FIFO at the path to a new one ({@code replacementsFollowed}, with
 * {@code lastReplacement}) and whether it still drains a replaced one ({@code drainingReplaced}), the
 * writers connected to an inbound pipe (on Linux and macOS a FIFO's writers share one connection),
 * whether this application is connected to an outbound pipe, and the last error with its time.
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
			addReaderDetails(builder, this.pipe.getReadStatus());
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
		boolean missing = !PipeBackends.isWindows()
				&& !Files.exists(Path.of(this.pipe.getPath()), LinkOption.NOFOLLOW_LINKS);
		ReadEndStatus reader = this.pipe.getReadStatus();
		if (listener != null && listener.isRunning() && reader.state() == ReadEndStatus.State.WAITING_FOR_PIPE) {
			String why = !missing ? "" : this.pipe.getDefinition().create() ? " (the FIFO this application created was removed)"
					: " (the process that owns it removed it, or has not created it yet)";
			return "listener '" + listener.getListenerId() + "' is waiting for the pipe: " + reader.detail() + why
					+ "; it reads the pipe as soon as a FIFO it may use is there";
		}
		if (missing) {
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

	private static void addReaderDetails(Health.Builder builder, ReadEndStatus reader) {
		builder.withDetail("reader", switch (reader.state()) {
			case READING -> "reading";
			case WAITING_FOR_PIPE -> "waiting for the pipe";
			case CLOSED -> "closed";
		});
		String detail = reader.detail();
		if (detail != null) {
			builder.withDetail("readerWaitingFor", detail);
		}
		if (reader.replacementsFollowed() > 0) {
			builder.withDetail("replacementsFollowed", reader.replacementsFollowed());
			Instant last = reader.lastReplacement();
			if (last != null) {
				builder.withDetail("lastReplacement", last.toString());
			}
		}
		if (reader.drainingReplaced()) {
			builder.withDetail("drainingReplaced", true);
		}
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
