package io.github.xpipe.benchmarks;

import java.util.Optional;

/**
 * Which figure each xpipe figure is held against: the C reference the targets name, and the
 * Python peer in the same workload (for the request/reply workloads: C direct, the C echo service
 * and the naive Python echo service). Throughput ratios are higher-is-better (xpipe ÷ reference);
 * latency ratios are lower-is-better (xpipe ÷ reference).
 */
public final class References {

	/** The C system of the raw comparison: 1 MiB writes with a 1 MiB pipe, as xpipe's default. */
	public static final String C_RAW = "c-raw-1m";

	/** The bound of the request/reply workloads: the client's writer straight to a C reader, no service. */
	public static final String C_DIRECT = "c-direct";

	/** The C echo service. */
	public static final String C_ECHO = "c-echo";

	/**
	 * The C echo service with its replies in writes of at most PIPE_BUF bytes, which the kernel keeps
	 * whole when other processes write the same reply pipe.
	 */
	public static final String C_ECHO_ATOMIC = "c-echo-atomic";

	/** The naive Python echo service. */
	public static final String PYTHON_ECHO = "python-echo";

	private References() {
	}

	/** Whether a system's rows get ratio columns: xpipe's systems and the xpipe-based diagnostics. */
	public static boolean hasRatios(String system) {
		return system.startsWith("xpipe") || system.equals("java-packed");
	}

	/** The workload and system of the C reference for a workload. */
	public static Reference cReference(Workload workload) {
		if (workload.kind() == Workload.Kind.REQUEST_REPLY) {
			return new Reference(workload, C_DIRECT);
		}
		if (workload.isService()) {
			return new Reference(workload, C_ECHO);
		}
		if (workload.kind() == Workload.Kind.PING_PONG) {
			return new Reference(workload, "c-frame");
		}
		if (workload.framing().equals("lcrc") && workload.payloadSize() >= 64 * 1024) {
			return new Reference(Workload.raw(), C_RAW);
		}
		return new Reference(workload, "c-packed");
	}

	/** The Python peer in the same workload: the naive echo service for the service workloads. */
	public static Reference python(Workload workload) {
		return new Reference(workload, workload.isService() ? PYTHON_ECHO : "python");
	}

	/**
	 * The ratio of a system's median to a reference's median: bytes per second for one-way
	 * workloads, p50 round trip for ping-pong.
	 */
	public static Optional<Double> ratio(Results results, Workload workload, String system, Reference reference) {
		if (workload.isRoundTrip()) {
			return ratio(results, workload, system, reference, Measurement::p50Nanos);
		}
		return ratio(results, workload, system, reference, Measurement::bytesPerSecond);
	}

	/** The ratio of two medians of the same figure. */
	public static Optional<Double> ratio(Results results, Workload workload, String system, Reference reference,
			java.util.function.ToDoubleFunction<Measurement> figure) {
		Optional<Double> value = results.median(workload, system, figure);
		Optional<Double> base = results.median(reference.workload(), reference.system(), figure);
		if (value.isEmpty() || base.isEmpty() || base.get() == 0) {
			return Optional.empty();
		}
		return Optional.of(value.get() / base.get());
	}

	/**
	 * A figure to compare with.
	 *
	 * @param workload the workload it was measured in
	 * @param system the system that measured it
	 */
	public record Reference(Workload workload, String system) {

	}

}
