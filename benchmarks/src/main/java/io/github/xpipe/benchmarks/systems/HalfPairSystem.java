package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.Workload;

/**
 * A diagnostic pair that puts one side of xpipe against one side of the C reference, to tell which
 * side limits a figure: xpipe's reader fed by the C packed writer shows what {@code ReadPipeEnd}
 * can take; xpipe's writer drained by the C reader shows what {@code WritePipeEnd} can give; the
 * starter's {@code @PipeListener} application fed by the C packed writer shows what the listener path
 * from a decoded frame to the method can take. Runs on the smallest and the largest payload only
 * (the starter's also on 64 KiB).
 */
public final class HalfPairSystem extends ProcessPairSystem {

	private final String id;

	private final String description;

	private final ProcessPairSystem reader;

	private final ProcessPairSystem writer;

	private final List<Integer> sizes;

	private HalfPairSystem(String id, String description, ProcessPairSystem reader, ProcessPairSystem writer) {
		this(id, description, reader, writer, List.of(Workload.PAYLOAD_SIZES.get(0),
				Workload.PAYLOAD_SIZES.get(Workload.PAYLOAD_SIZES.size() - 1)));
	}

	private HalfPairSystem(String id, String description, ProcessPairSystem reader, ProcessPairSystem writer,
			List<Integer> sizes) {
		this.id = id;
		this.description = description;
		this.reader = reader;
		this.writer = writer;
		this.sizes = sizes;
	}

	/** xpipe's {@code ReadPipeEnd} reading what the C reference packs into 64 KiB writes. */
	public static HalfPairSystem xpipeReader(ProcessPairSystem xpipe, ProcessPairSystem cPacked) {
		return new HalfPairSystem("xpipe-reader", "diagnostic: C packed writer -> xpipe ReadPipeEnd", xpipe, cPacked);
	}

	/** xpipe's {@code WritePipeEnd} drained by the C reference's reader. */
	public static HalfPairSystem xpipeWriter(ProcessPairSystem xpipe, ProcessPairSystem cReader) {
		return new HalfPairSystem("xpipe-writer", "diagnostic: xpipe WritePipeEnd -> C reader", cReader, xpipe);
	}

	/**
	 * The starter's {@code @PipeListener(byte[])} application reading what the C reference packs into
	 * 64 KiB writes; also at 64 KiB, where the binder's consumer is held against it.
	 */
	public static HalfPairSystem starterReader(XpipeStarterSystem starter, ProcessPairSystem cPacked) {
		return new HalfPairSystem("starter-reader", "diagnostic: C packed writer -> starter @PipeListener(byte[])",
				starter, cPacked, List.of(64, 64 * 1024, 1024 * 1024));
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String description() {
		return this.description;
	}

	@Override
	public Optional<String> unavailable() {
		return this.reader.unavailable().or(this.writer::unavailable);
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() == Workload.Kind.THROUGHPUT && this.sizes.contains(workload.payloadSize());
	}

	/** As much as the side that needs more. */
	@Override
	protected long extraWarmupMillis() {
		return Math.max(this.reader.extraWarmupMillis(), this.writer.extraWarmupMillis());
	}

	@Override
	protected List<String> readerCommand(Workload workload, RunContext context, Path channel) {
		return this.reader.readerCommand(workload, context, channel);
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		return this.writer.writerCommand(workload, context, channel);
	}

}
