package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.References;
import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;

/**
 * An echo service the sample app is held against: the C one ({@code xpipe_ref echo}: 1 MiB reads,
 * replies packed into 64 KiB writes, 1 MiB pipes), the same with its replies packed into writes of at
 * most PIPE_BUF bytes (as the sample's replies are by default, so that they stay whole beside other
 * writers of the reply pipe), or the naive Python one ({@code python_peer.py echo}: standard library,
 * 64 KiB reads, one {@code os.write} per reply, default pipes).
 */
public final class EchoServiceSystem extends ServiceSystem {

	private static final int C_PIPE_CAPACITY = 1024 * 1024;

	/** PIPE_BUF on Linux: the largest write the kernel keeps whole beside other writers. */
	private static final int PIPE_BUF = 4096;

	private final boolean python;

	private final boolean atomic;

	private EchoServiceSystem(Toolchain toolchain, boolean python, boolean atomic) {
		super(toolchain);
		this.python = python;
		this.atomic = atomic;
	}

	/** The C echo service. */
	public static EchoServiceSystem c(Toolchain toolchain) {
		return new EchoServiceSystem(toolchain, false, false);
	}

	/** The C echo service, its replies in writes of at most PIPE_BUF bytes. */
	public static EchoServiceSystem cAtomic(Toolchain toolchain) {
		return new EchoServiceSystem(toolchain, false, true);
	}

	/** The naive Python echo service. */
	public static EchoServiceSystem python(Toolchain toolchain) {
		return new EchoServiceSystem(toolchain, true, false);
	}

	@Override
	public String id() {
		if (this.python) {
			return References.PYTHON_ECHO;
		}
		return this.atomic ? References.C_ECHO_ATOMIC : References.C_ECHO;
	}

	@Override
	public String description() {
		if (this.python) {
			return "naive Python 3 echo service: 64 KiB reads, struct + zlib.crc32 (base64: split on 0x00, "
					+ "b64decode/b64encode), one os.write per reply";
		}
		return "C echo service: 1 MiB reads, each frame checked and written back, packed into "
				+ (this.atomic ? "writes of at most PIPE_BUF (4096 B), as a reply pipe shared with other writers needs"
						: "64 KiB writes");
	}

	@Override
	public Optional<String> unavailable() {
		if (this.python && this.toolchain.pythonProblem() != null) {
			return Optional.of(this.toolchain.pythonProblem());
		}
		return super.unavailable();
	}

	@Override
	protected List<String> serviceCommand(Workload workload, RunContext context, Path inbox, Path outbox) {
		if (this.python) {
			return this.toolchain.python(List.of("echo", inbox.toString(), outbox.toString(), workload.framing()));
		}
		List<String> command = new ArrayList<>();
		command.add(this.toolchain.cBinary().orElseThrow().toString());
		command.addAll(List.of("echo", inbox.toString(), outbox.toString(), workload.framing(),
				String.valueOf(C_PIPE_CAPACITY)));
		if (this.atomic) {
			command.add(String.valueOf(PIPE_BUF));
		}
		return command;
	}

}
