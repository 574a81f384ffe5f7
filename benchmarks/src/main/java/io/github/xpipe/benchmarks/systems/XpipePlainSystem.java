package io.github.xpipe.benchmarks.systems;

import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;
import io.github.xpipe.benchmarks.peers.XpipePlainPeer;

/** xpipe's plain-Java API: {@code WritePipeEnd.write} in one JVM, {@code ReadPipeEnd.receive} in another. */
public final class XpipePlainSystem extends JavaPeerSystem {

	public XpipePlainSystem(Toolchain toolchain) {
		super(toolchain);
	}

	@Override
	public String id() {
		return "xpipe";
	}

	@Override
	public String description() {
		return "xpipe plain API: WritePipeEnd.write per message, ReadPipeEnd.receive, default PipeOptions";
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() != Workload.Kind.RAW;
	}

	@Override
	protected Class<?> readerMain() {
		return XpipePlainPeer.class;
	}

	@Override
	protected Class<?> writerMain() {
		return XpipePlainPeer.class;
	}

}
