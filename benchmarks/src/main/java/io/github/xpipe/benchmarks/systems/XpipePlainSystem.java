package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;
import io.github.xpipe.benchmarks.peers.XpipePlainPeer;

/**
 * xpipe's plain-Java API: a {@code WritePipeEnd} in one JVM, {@code ReadPipeEnd.receive} in another.
 * The writer sends with {@code enqueue} (queued sending: the {@code xpipe} row) or with
 * {@code write} per message (the {@code xpipe-write} row, throughput only).
 */
public final class XpipePlainSystem extends JavaPeerSystem {

	private final boolean queued;

	/** @param queued whether the writer enqueues (else it calls {@code write} per message) */
	public XpipePlainSystem(Toolchain toolchain, boolean queued) {
		super(toolchain);
		this.queued = queued;
	}

	@Override
	public String id() {
		return this.queued ? "xpipe" : "xpipe-write";
	}

	@Override
	public String description() {
		return "xpipe plain API: WritePipeEnd." + (this.queued ? "enqueue" : "write")
				+ " per message, ReadPipeEnd.receive, default PipeOptions";
	}

	@Override
	public boolean supports(Workload workload) {
		if (workload.isService()) {
			return false;
		}
		return this.queued ? workload.kind() != Workload.Kind.RAW : workload.kind() == Workload.Kind.THROUGHPUT;
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		List<String> command = new ArrayList<>(super.writerCommand(workload, context, channel));
		command.add(this.queued ? "enqueue" : "write");
		return command;
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
