package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.RunSettings;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;

/**
 * The Python peer ({@code python_peer.py}, standard library only) as users run it today:
 * {@code os.write} per message, a reader of 64 KiB reads, the kernel's default pipe size.
 */
public final class PythonPeerSystem extends ProcessPairSystem {

	private final Toolchain toolchain;

	public PythonPeerSystem(Toolchain toolchain) {
		this.toolchain = toolchain;
	}

	@Override
	public String id() {
		return "python";
	}

	@Override
	public String description() {
		return "Python 3 stdlib peer: os.write per message, 64 KiB reads (base64: split on 0x00; "
				+ "length-crc32: struct + zlib.crc32), default pipe";
	}

	@Override
	public Optional<String> unavailable() {
		return Optional.ofNullable(this.toolchain.pythonProblem());
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() == Workload.Kind.THROUGHPUT || workload.kind() == Workload.Kind.PING_PONG;
	}

	@Override
	protected List<String> readerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		return this.toolchain.python(args("reader", channel, workload.framing(), flag(settings.verify()),
				settings.warmupMillis()));
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		return this.toolchain.python(args("writer", channel, workload.framing(), workload.payloadSize(),
				settings.durationMillis(), settings.countFor(workload.payloadSize()), flag(settings.verify())));
	}

	@Override
	protected List<String> pingServerCommand(RunContext context, Path in, Path out) {
		return this.toolchain.python(args("pingserver", in, out));
	}

	@Override
	protected List<String> pingClientCommand(RunContext context, Path out, Path in) {
		RunSettings settings = context.settings();
		return this.toolchain.python(args("pingclient", out, in, settings.durationMillis(), settings.warmupMillis(),
				settings.countFor(64)));
	}

}
