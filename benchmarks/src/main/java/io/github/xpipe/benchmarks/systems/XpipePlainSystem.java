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
 * The writer sends with {@code enqueue} (queued sending: the {@code xpipe} row), with {@code write}
 * per message (the {@code xpipe-write} row, throughput only) or with {@code writeAsync} per message,
 * checking every future (the {@code xpipe-async} row, throughput only).
 */
public final class XpipePlainSystem extends JavaPeerSystem {

	/** How the writer sends each message. */
	public enum Sending {

		/** {@code WritePipeEnd.enqueue}, one {@code flush()} at the end. */
		ENQUEUE("xpipe", "enqueue"),

		/** {@code WritePipeEnd.write}: returns once the message is in the pipe. */
		WRITE("xpipe-write", "write"),

		/** {@code WritePipeEnd.writeAsync}: a future per message, each checked. */
		ASYNC("xpipe-async", "writeAsync");

		private final String id;

		private final String method;

		Sending(String id, String method) {
			this.id = id;
			this.method = method;
		}

	}

	private final Sending sending;

	public XpipePlainSystem(Toolchain toolchain, Sending sending) {
		super(toolchain);
		this.sending = sending;
	}

	@Override
	public String id() {
		return this.sending.id;
	}

	@Override
	public String description() {
		return "xpipe plain API: WritePipeEnd." + this.sending.method
				+ " per message, ReadPipeEnd.receive, default PipeOptions";
	}

	@Override
	public boolean supports(Workload workload) {
		if (workload.isService()) {
			return false;
		}
		return (this.sending == Sending.ENQUEUE) ? workload.kind() != Workload.Kind.RAW
				: workload.kind() == Workload.Kind.THROUGHPUT;
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		List<String> command = new ArrayList<>(super.writerCommand(workload, context, channel));
		command.add(switch (this.sending) {
			case ENQUEUE -> "enqueue";
			case WRITE -> "write";
			case ASYNC -> "async";
		});
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
