package io.github.xpipe.benchmarks.systems;

import java.util.Optional;

import io.github.xpipe.benchmarks.Measurement;
import io.github.xpipe.benchmarks.References;
import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.Workload;

/**
 * The bound of the request/reply workloads: the client's writer (frames packed into 64 KiB writes)
 * straight to a C reader over one FIFO, no service and no replies. It runs {@link CReferenceSystem}'s
 * packed shape on the one-way workload of the same payload and framing, so its messages per second
 * are what one pipe carries one way.
 */
public final class CDirectSystem implements SystemUnderTest {

	private final CReferenceSystem packed;

	public CDirectSystem(CReferenceSystem packed) {
		this.packed = packed;
	}

	@Override
	public String id() {
		return References.C_DIRECT;
	}

	@Override
	public String description() {
		return "C direct: the same packed C writer straight to a C reader over one FIFO, no service (one-way bound)";
	}

	@Override
	public Optional<String> unavailable() {
		return this.packed.unavailable();
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.kind() == Workload.Kind.REQUEST_REPLY;
	}

	@Override
	public Measurement run(Workload workload, RunContext context) throws Exception {
		return this.packed.run(new Workload(Workload.Kind.THROUGHPUT, workload.payloadSize(), workload.framing()),
				context);
	}

}
