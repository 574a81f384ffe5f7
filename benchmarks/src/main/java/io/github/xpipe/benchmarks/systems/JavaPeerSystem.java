package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.RunSettings;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;

/**
 * A system whose peers are Java {@code main} classes taking the shared peer arguments
 * ({@code reader <channel> <framing> <verify> <warmup_ms> [heap_sample_at]},
 * {@code writer <channel> <framing> <payload> <duration_ms> <count> <verify>}, and the ping-pong
 * roles), each in its own JVM.
 */
public abstract class JavaPeerSystem extends ProcessPairSystem {

	/** Extra warm-up of JVM peers. */
	static final long JVM_WARMUP_MILLIS = 500;

	private final Toolchain toolchain;

	protected JavaPeerSystem(Toolchain toolchain) {
		this.toolchain = toolchain;
	}

	/** The class whose {@code main} plays the reader and ping-pong server roles. */
	protected abstract Class<?> readerMain();

	/** The class whose {@code main} plays the writer and ping-pong client roles. */
	protected abstract Class<?> writerMain();

	protected Toolchain toolchain() {
		return this.toolchain;
	}

	/** A JVM compiles its hot code during the first second or so: {@value #JVM_WARMUP_MILLIS} ms more warm-up. */
	@Override
	protected long extraWarmupMillis() {
		return JVM_WARMUP_MILLIS;
	}

	@Override
	public Optional<String> unavailable() {
		return Optional.empty();
	}

	@Override
	protected List<String> readerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		List<String> args = args("reader", channel, workload.framing(), flag(settings.verify()), settings.warmupMillis());
		if (workload.kind() == Workload.Kind.ENDURANCE) {
			args.add(String.valueOf(settings.enduranceMessages() / 10));
		}
		return this.toolchain.java(readerMain(), context.directory(), id() + "-reader", args);
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		long count = (workload.kind() == Workload.Kind.ENDURANCE) ? settings.enduranceMessages()
				: settings.countFor(workload.payloadSize());
		return this.toolchain.java(writerMain(), context.directory(), id() + "-writer", args("writer", channel,
				workload.framing(), workload.payloadSize(), settings.durationMillis(), count, flag(settings.verify())));
	}

	@Override
	protected List<String> pingServerCommand(RunContext context, Path in, Path out) {
		return this.toolchain.java(readerMain(), context.directory(), id() + "-pingserver", args("pingserver", in, out));
	}

	@Override
	protected List<String> pingClientCommand(RunContext context, Path out, Path in) {
		RunSettings settings = context.settings();
		return this.toolchain.java(writerMain(), context.directory(), id() + "-pingclient",
				args("pingclient", out, in, settings.durationMillis(), settings.warmupMillis(), settings.countFor(64)));
	}

}
