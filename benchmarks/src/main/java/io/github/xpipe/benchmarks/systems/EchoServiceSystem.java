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
 * replies packed into 64 KiB writes, 1 MiB pipes) or the naive Python one ({@code python_peer.py echo}:
 * standard library, 64 KiB reads, one {@code os.write} per reply, default pipes).
 */
public final class EchoServiceSystem extends ServiceSystem {

	private static final int C_PIPE_CAPACITY = 1024 * 1024;

	private final boolean python;

	private EchoServiceSystem(Toolchain toolchain, boolean python) {
		super(toolchain);
		this.python = python;
	}

	/** The C echo service. */
	public static EchoServiceSystem c(Toolchain toolchain) {
		return new EchoServiceSystem(toolchain, false);
	}

	/** The naive Python echo service. */
	public static EchoServiceSystem python(Toolchain toolchain) {
		return new EchoServiceSystem(toolchain, true);
	}

	@Override
	public String id() {
		return this.python ? References.PYTHON_ECHO : References.C_ECHO;
	}

	@Override
	public String description() {
		return this.python
				? "naive Python 3 echo service: 64 KiB reads, struct + zlib.crc32 (base64: split on 0x00, "
						+ "b64decode/b64encode), one os.write per reply"
				: "C echo service: 1 MiB reads, each frame checked and written back, packed into 64 KiB writes";
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
		return command;
	}

}
