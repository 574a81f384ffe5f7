package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.List;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;
import io.github.xpipe.benchmarks.peers.UnixSocketPeer;

/** The Java Unix-domain-socket baseline: the same frames over a {@code SocketChannel}. */
public final class UnixSocketSystem extends JavaPeerSystem {

	public UnixSocketSystem(Toolchain toolchain) {
		super(toolchain);
	}

	@Override
	public String id() {
		return "java-uds";
	}

	@Override
	public String description() {
		return "Java Unix-domain socket (SocketChannel, UnixDomainSocketAddress), xpipe codecs, one write() per frame";
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() == Workload.Kind.THROUGHPUT || workload.kind() == Workload.Kind.PING_PONG;
	}

	@Override
	protected Class<?> readerMain() {
		return UnixSocketPeer.class;
	}

	@Override
	protected Class<?> writerMain() {
		return UnixSocketPeer.class;
	}

	@Override
	protected List<String> pingServerCommand(RunContext context, Path in, Path out) {
		return toolchain().java(UnixSocketPeer.class, context.directory(), id() + "-pingserver",
				args("pingserver", socket(context)));
	}

	@Override
	protected List<String> pingClientCommand(RunContext context, Path out, Path in) {
		return toolchain().java(UnixSocketPeer.class, context.directory(), id() + "-pingclient",
				args("pingclient", socket(context), context.settings().durationMillis(), context.settings().warmupMillis(),
						context.settings().countFor(64)));
	}

	/** Ping-pong needs one socket: it carries both directions. */
	private static Path socket(RunContext context) {
		return context.resolve("ping.sock");
	}

}
