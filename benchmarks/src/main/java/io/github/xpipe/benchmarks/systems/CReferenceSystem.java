package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.RunSettings;
import io.github.xpipe.benchmarks.Workload;

/**
 * The C reference ({@code xpipe_ref.c}, compiled by the benchmark with the system {@code gcc}): the
 * same framings over a FIFO with 1 MiB reads, in one of four shapes.
 */
public final class CReferenceSystem extends ProcessPairSystem {

	/** The shapes of the C reference. */
	public enum Variant {

		/** One {@code write()} per frame, 1 MiB pipe (as xpipe's default); also the ping-pong peer. */
		FRAME("c-frame", "C, one write() per frame, 1 MiB pipe", "frame", 1024 * 1024),

		/** Whole frames packed into 64 KiB writes, 1 MiB pipe. */
		PACKED("c-packed", "C, frames packed into 64 KiB writes, 1 MiB pipe", "packed", 1024 * 1024),

		/** Unframed 1 MiB writes with the kernel's default 64 KiB pipe. */
		RAW_DEFAULT_PIPE("c-raw-64k", "C, raw 1 MiB writes, default 64 KiB pipe", "raw", 0),

		/** Unframed 1 MiB writes with a 1 MiB pipe. */
		RAW_1M_PIPE("c-raw-1m", "C, raw 1 MiB writes, 1 MiB pipe", "raw", 1024 * 1024);

		private final String id;

		private final String description;

		private final String mode;

		private final int capacity;

		Variant(String id, String description, String mode, int capacity) {
			this.id = id;
			this.description = description;
			this.mode = mode;
			this.capacity = capacity;
		}

	}

	private final Variant variant;

	private final Path binary;

	private final String problem;

	public CReferenceSystem(Variant variant, Optional<Path> binary, String problem) {
		this.variant = variant;
		this.binary = binary.orElse(null);
		this.problem = problem;
	}

	@Override
	public String id() {
		return this.variant.id;
	}

	@Override
	public String description() {
		return this.variant.description;
	}

	@Override
	public Optional<String> unavailable() {
		return (this.binary != null) ? Optional.empty() : Optional.of("C reference not built: " + this.problem);
	}

	@Override
	public boolean supports(Workload workload) {
		return switch (workload.kind()) {
			case THROUGHPUT -> this.variant == Variant.FRAME || this.variant == Variant.PACKED;
			case RAW -> this.variant == Variant.RAW_DEFAULT_PIPE || this.variant == Variant.RAW_1M_PIPE;
			case PING_PONG -> this.variant == Variant.FRAME;
			case ENDURANCE, REQUEST_REPLY, LATENCY_IDLE, LATENCY_LOADED -> false;
		};
	}

	@Override
	protected List<String> readerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		return command(args("reader", channel, workload.framing(), this.variant.capacity, flag(settings.verify()),
				settings.warmupMillis()));
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		RunSettings settings = context.settings();
		return command(args("writer", channel, workload.framing(), workload.payloadSize(), this.variant.mode,
				this.variant.capacity, settings.durationMillis(), settings.countFor(workload.payloadSize()),
				flag(settings.verify())));
	}

	@Override
	protected List<String> pingServerCommand(RunContext context, Path in, Path out) {
		return command(args("pingserver", in, out, 0));
	}

	@Override
	protected List<String> pingClientCommand(RunContext context, Path out, Path in) {
		RunSettings settings = context.settings();
		return command(args("pingclient", out, in, 0, settings.durationMillis(), settings.warmupMillis(),
				settings.countFor(64)));
	}

	private List<String> command(List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(this.binary.toString());
		command.addAll(args);
		return command;
	}

}
