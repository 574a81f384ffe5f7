package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.Measurement;
import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.RunSettings;
import io.github.xpipe.benchmarks.Workload;

/**
 * A diagnostic pair: the starter's receiving application (a {@code @PipeListener} taking
 * {@code byte[]}) fed by the C packed writer, to tell what the listener path from a decoded frame to
 * the method can take, apart from the sending side. The Spring counterpart of
 * {@link HalfPairSystem#xpipeReader xpipe-reader}; smallest and largest payload only.
 */
public final class StarterReaderSystem extends ProcessPairSystem {

	private static final long EXTRA_WARMUP_MILLIS = 1000;

	private final ProcessPairSystem starter;

	private final ProcessPairSystem cPacked;

	/**
	 * @param starter the starter system, whose reader is measured
	 * @param cPacked the C reference's packed variant, the writer
	 */
	public StarterReaderSystem(XpipeStarterSystem starter, CReferenceSystem cPacked) {
		this.starter = starter;
		this.cPacked = cPacked;
	}

	@Override
	public String id() {
		return "starter-reader";
	}

	@Override
	public String description() {
		return "diagnostic: C packed writer -> starter @PipeListener(byte[])";
	}

	@Override
	public Optional<String> unavailable() {
		return this.starter.unavailable().or(this.cPacked::unavailable);
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() == Workload.Kind.THROUGHPUT
				&& (workload.payloadSize() == Workload.PAYLOAD_SIZES.get(0)
						|| workload.payloadSize() == Workload.PAYLOAD_SIZES.get(Workload.PAYLOAD_SIZES.size() - 1));
	}

	/**
	 * Runs with {@value #EXTRA_WARMUP_MILLIS} ms more warm-up (and as much longer), as the starter
	 * system does: a freshly started Spring context keeps the JIT compilers busy for a while.
	 */
	@Override
	public Measurement run(Workload workload, RunContext context) throws Exception {
		RunSettings settings = context.settings();
		RunSettings longer = new RunSettings(settings.durationMillis() + EXTRA_WARMUP_MILLIS,
				(settings.messageCount() > 0) ? settings.warmupMillis() : settings.warmupMillis() + EXTRA_WARMUP_MILLIS,
				settings.messageCount(), settings.verify(), settings.pinCpus(), settings.enduranceMessages());
		return super.run(workload, new RunContext(context.directory(), longer, context.toolchain()));
	}

	@Override
	protected List<String> readerCommand(Workload workload, RunContext context, Path channel) {
		return this.starter.readerCommand(workload, context, channel);
	}

	@Override
	protected List<String> writerCommand(Workload workload, RunContext context, Path channel) {
		return this.cPacked.writerCommand(workload, context, channel);
	}

}
