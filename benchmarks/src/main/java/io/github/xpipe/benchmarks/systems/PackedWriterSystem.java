package io.github.xpipe.benchmarks.systems;

import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;
import io.github.xpipe.benchmarks.peers.PackedWriterPeer;
import io.github.xpipe.benchmarks.peers.XpipePlainPeer;

/**
 * A diagnostic: xpipe's read end fed by a Java writer that packs xpipe-encoded frames into 64 KiB
 * {@code FileChannel} writes — the figure write coalescing in {@code WritePipeEnd} would aim at.
 * Small payloads only, where coalescing matters.
 */
public final class PackedWriterSystem extends JavaPeerSystem {

	public PackedWriterSystem(Toolchain toolchain) {
		super(toolchain);
	}

	@Override
	public String id() {
		return "java-packed";
	}

	@Override
	public String description() {
		return "diagnostic: xpipe codec frames packed into 64 KiB FileChannel writes -> xpipe ReadPipeEnd";
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() == Workload.Kind.THROUGHPUT && workload.payloadSize() <= 1024;
	}

	@Override
	protected Class<?> readerMain() {
		return XpipePlainPeer.class;
	}

	@Override
	protected Class<?> writerMain() {
		return PackedWriterPeer.class;
	}

}
