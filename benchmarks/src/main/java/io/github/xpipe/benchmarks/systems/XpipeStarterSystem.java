package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.RunSettings;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;

/**
 * xpipe through the Spring Boot starter: {@code XPipeTemplate} in one Spring application,
 * {@code @PipeListener} taking {@code byte[]} in another. The applications live in
 * {@code io.github.xpipe.benchmarks.starter}; when that package is not part of the build the
 * system reports itself unavailable rather than measuring anything else.
 */
public final class XpipeStarterSystem extends ProcessPairSystem {

	private static final String PACKAGE = "io.github.xpipe.benchmarks.starter.";

	private static final String READER = PACKAGE + "StarterReaderApp";

	private static final String WRITER = PACKAGE + "StarterWriterApp";

	private static final long EXTRA_WARMUP_MILLIS = 1000;

	private final Toolchain toolchain;

	public XpipeStarterSystem(Toolchain toolchain) {
		this.toolchain = toolchain;
	}

	@Override
	public String id() {
		return "xpipe-starter";
	}

	@Override
	public String description() {
		return "xpipe Spring Boot starter: XPipeTemplate.send in one app, @PipeListener(byte[]) in another";
	}

	@Override
	public Optional<String> unavailable() {
		try {
			Class.forName(READER);
			Class.forName(WRITER);
			return Optional.empty();
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return Optional.of("the Spring starter (XPipeTemplate, @PipeListener) is not in this build: " + ex);
		}
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() == Workload.Kind.THROUGHPUT || workload.kind() == Workload.Kind.PING_PONG;
	}

	/** A freshly started Spring context keeps the JIT compilers busy for a while: start-up cost, not throughput. */
	@Override
	protected long extraWarmupMillis() {
		return EXTRA_WARMUP_MILLIS;
	}

	@Override
	protected List<String> readerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		return java(READER, context, "reader", args("reader", channel, workload.framing(), flag(settings.verify()),
				settings.warmupMillis()));
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		return java(WRITER, context, "writer", args("writer", channel, workload.framing(), workload.payloadSize(),
				settings.durationMillis(), settings.countFor(workload.payloadSize()), flag(settings.verify())));
	}

	@Override
	protected List<String> pingServerCommand(RunContext context, Path in, Path out) {
		return java(READER, context, "pingserver", args("pingserver", in, out));
	}

	@Override
	protected List<String> pingClientCommand(RunContext context, Path out, Path in) {
		RunSettings settings = context.settings();
		return java(WRITER, context, "pingclient",
				args("pingclient", out, in, settings.durationMillis(), settings.warmupMillis(), settings.countFor(64)));
	}

	private List<String> java(String mainClass, RunContext context, String role, List<String> args) {
		try {
			return this.toolchain.java(Class.forName(mainClass), context.directory(), id() + "-" + role, args);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
