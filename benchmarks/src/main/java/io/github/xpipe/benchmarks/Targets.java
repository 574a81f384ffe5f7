package io.github.xpipe.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.xpipe.benchmarks.References.Reference;

/**
 * The performance targets of the issue, checked against one run's medians. A target whose figures
 * are missing (a system did not run) is reported as not measured, never as met.
 */
public final class Targets {

	private static final String PLAIN = "xpipe";

	private static final String STARTER = "xpipe-starter";

	/** Asynchronous sends from one thread, every future checked. */
	private static final String ASYNC = "xpipe-async";

	private static final String SAMPLE = "xpipe-sample";

	/** The C echo service that writes as the sample does by default: how far a service gets on the machine. */
	private static final String C_ECHO = "c-echo-atomic";

	private static final String STARTER_READER = "starter-reader";

	private static final String BINDER = "xpipe-binder";

	private static final String BINDER_BATCH = "xpipe-binder-batch";

	private static final int SMALL = 64;

	private Targets() {
	}

	/**
	 * One target.
	 *
	 * @param name what is required, e.g. {@code xpipe 64 B length-crc32 ≥ 0.5× C packed}
	 * @param measured the measured ratio or figure, empty when not measured
	 * @param met whether the requirement holds; {@code null} when not measured
	 * @param unit how to read {@code measured}: {@code ×} for ratios, {@code B} for bytes
	 * @param cEcho for a target of the sample service, the same ratio for the C echo service that
	 *        writes its replies as the sample does by default (whole frames, at most PIPE_BUF per
	 *        write), in the same run: how close any service comes on this machine; empty for other
	 *        targets, or when the C echo service did not run
	 */
	public record Check(String name, Optional<Double> measured, Boolean met, String unit, Optional<Double> cEcho) {

		Check(String name, Optional<Double> measured, Boolean met, String unit) {
			this(name, measured, met, unit, Optional.empty());
		}

		Check withCEcho(Optional<Double> ratio) {
			return new Check(this.name, this.measured, this.met, this.unit, ratio);
		}

	}

	/** Every target, in the order. */
	public static List<Check> evaluate(Results results) {
		List<Check> checks = new ArrayList<>();
		for (String framing : List.of("lcrc", "b64")) {
			Workload small = throughput(SMALL, framing);
			checks.add(atLeast(PLAIN + " " + small.label() + " ≥ 0.5× C packed", results, small, PLAIN,
					new Reference(small, "c-packed"), 0.5));
		}
		for (String framing : List.of("lcrc", "b64")) {
			Workload small = throughput(SMALL, framing);
			checks.add(atLeast(ASYNC + " " + small.label() + " ≥ 0.5× C packed", results, small, ASYNC,
					new Reference(small, "c-packed"), 0.5));
		}
		for (String framing : List.of("lcrc", "b64")) {
			Workload small = throughput(SMALL, framing);
			checks.add(atLeast(STARTER + " " + small.label() + " ≥ 0.2× C packed", results, small, STARTER,
					new Reference(small, "c-packed"), 0.2));
			checks.add(atLeast(STARTER + " " + small.label() + " ≥ 4× Python", results, small, STARTER,
					References.python(small), 4));
		}
		for (String system : List.of(PLAIN, STARTER)) {
			for (int size : List.of(64 * 1024, 1024 * 1024)) {
				Workload large = throughput(size, "lcrc");
				checks.add(atLeast(system + " " + large.label() + " ≥ 0.9× C raw (1 MiB pipe)", results, large, system,
						new Reference(Workload.raw(), References.C_RAW), 0.9));
			}
		}
		for (String system : List.of(PLAIN, STARTER)) {
			Workload base64 = throughput(1024 * 1024, "b64");
			checks.add(atLeast(system + " " + base64.label() + " ≥ 10× Python", results, base64, system,
					References.python(base64), 10));
		}
		Workload ping = Workload.pingPong();
		Reference c = References.cReference(ping);
		checks.add(atMost(PLAIN + " ping-pong p50 ≤ 1.1× C", results, ping, PLAIN, c, Measurement::p50Nanos, 1.1));
		checks.add(atMost(PLAIN + " ping-pong p99 ≤ 1.3× C", results, ping, PLAIN, c, Measurement::p99Nanos, 1.3));
		checks.add(atMost(STARTER + " ping-pong p50 ≤ 1.5× C", results, ping, STARTER, c, Measurement::p50Nanos, 1.5));
		checks.add(atMost(STARTER + " ping-pong p99 ≤ 1.5× C", results, ping, STARTER, c, Measurement::p99Nanos, 1.5));
		for (String system : List.of(PLAIN, STARTER)) {
			for (String framing : List.of("lcrc", "b64")) {
				checks.add(allocation(results, system, framing));
			}
		}
		checks.add(flatHeap(results));
		checks.addAll(service(results));
		checks.addAll(binder(results));
		return checks;
	}

	/**
	 * The binder's targets: its consumer against the starter's {@code @PipeListener(byte[])}, both fed
	 * by the C packed writer, and its echo function against the sample app's {@code @PipeListener} +
	 * {@code @SendTo}, both driven by the C client; per message and in batch mode.
	 */
	private static List<Check> binder(Results results) {
		List<Check> checks = new ArrayList<>();
		for (String system : List.of(BINDER, BINDER_BATCH)) {
			for (int size : List.of(SMALL, 64 * 1024)) {
				double minimum = (size == SMALL) ? 0.5 : 0.9;
				String times = (size == SMALL) ? " ≥ 0.5× " : " ≥ 0.9× ";
				Workload oneWay = throughput(size, "lcrc");
				checks.add(atLeast(system + " " + oneWay.label() + times + STARTER_READER, results, oneWay, system,
						new Reference(oneWay, STARTER_READER), minimum));
				Workload requestReply = Workload.requestReply(size, "lcrc");
				checks.add(atLeast(system + " " + requestReply.label() + times + SAMPLE, results, requestReply, system,
						new Reference(requestReply, SAMPLE), minimum));
			}
		}
		return checks;
	}

	/**
	 * The service targets: the sample app with default settings under request/reply load
	 * against C direct (the one-way bound) and the naive Python echo service, and the latency of a
	 * lone request while another client streams against the same client's idle latency. Each also
	 * carries the C echo service's own figure for it.
	 */
	private static List<Check> service(Results results) {
		List<Check> checks = new ArrayList<>();
		for (String framing : List.of("lcrc", "b64")) {
			Workload small = Workload.requestReply(SMALL, framing);
			checks.add(serviceAtLeast(SAMPLE + " " + small.label() + " ≥ 0.25× C direct", results, small,
					References.cReference(small), 0.25));
			checks.add(serviceAtLeast(SAMPLE + " " + small.label() + " ≥ 8× Python echo", results, small,
					References.python(small), 8));
		}
		for (String framing : List.of("lcrc", "b64")) {
			Workload large = Workload.requestReply(64 * 1024, framing);
			checks.add(serviceAtLeast(SAMPLE + " " + large.label() + " ≥ 0.95× C direct", results, large,
					References.cReference(large), 0.95));
		}
		Workload idle = Workload.latency(false);
		Workload loaded = Workload.latency(true);
		checks.add(atMost(SAMPLE + " lone request p99 beside a stream ≤ 2× idle p99", results, loaded, SAMPLE,
				new Reference(idle, SAMPLE), Measurement::p99Nanos, 2)
			.withCEcho(References.ratio(results, loaded, C_ECHO, new Reference(idle, C_ECHO), Measurement::p99Nanos)));
		return checks;
	}

	private static Check serviceAtLeast(String name, Results results, Workload workload, Reference reference,
			double minimum) {
		return atLeast(name, results, workload, SAMPLE, reference, minimum)
			.withCEcho(References.ratio(results, workload, C_ECHO, reference, Measurement::bytesPerSecond));
	}

	private static Workload throughput(int size, String framing) {
		return new Workload(Workload.Kind.THROUGHPUT, size, framing);
	}

	private static Check atLeast(String name, Results results, Workload workload, String system, Reference reference,
			double minimum) {
		Optional<Double> ratio = References.ratio(results, workload, system, reference, Measurement::bytesPerSecond);
		return new Check(name, ratio, ratio.map((value) -> value >= minimum).orElse(null), "×");
	}

	private static Check atMost(String name, Results results, Workload workload, String system, Reference reference,
			java.util.function.ToDoubleFunction<Measurement> figure, double maximum) {
		Optional<Double> ratio = References.ratio(results, workload, system, reference, figure);
		return new Check(name, ratio, ratio.map((value) -> value <= maximum).orElse(null), "×");
	}

	/**
	 * At most one payload-sized allocation per delivered message: the reader's bytes allocated per
	 * message beyond one {@code byte[payload]} (header and padding included) must stay below what a
	 * second copy would cost — at most 1 KiB of per-message bookkeeping plus 1% of the payload. The
	 * figure is the worst excess over the throughput workloads of one framing.
	 */
	private static Check allocation(Results results, String system, String framing) {
		Optional<Double> worstExcess = Optional.empty();
		boolean met = true;
		for (Workload workload : results.workloads()) {
			if (workload.kind() != Workload.Kind.THROUGHPUT || !workload.framing().equals(framing)) {
				continue;
			}
			Optional<Spread> allocated = results.get(workload, system)
				.map((runs) -> runs.memory("reader_alloc_per_message"));
			if (allocated.isPresent()) {
				double excess = allocated.get().median() - arrayBytes(workload.payloadSize());
				met &= excess <= 1024 + workload.payloadSize() / 100.0;
				worstExcess = Optional.of(Math.max(worstExcess.orElse(Double.NEGATIVE_INFINITY), excess));
			}
		}
		String label = new Workload(Workload.Kind.THROUGHPUT, 64, framing).framingLabel();
		return new Check(system + " " + label + " reader alloc ≤ 1 payload array/msg", worstExcess,
				worstExcess.isPresent() ? met : null, "B/msg over, worst");
	}

	/** Flat heap: the live heap after 10% of the long run and at its end differ by at most 1 MiB. */
	private static Check flatHeap(Results results) {
		Optional<Double> growth = results.get(Workload.endurance(), PLAIN).flatMap((runs) -> {
			Spread sample = runs.memory("reader_heap_after_gc_sample");
			Spread end = runs.memory("reader_heap_after_gc_end");
			return (sample != null && end != null) ? Optional.of(end.median() - sample.median()) : Optional.empty();
		});
		return new Check(PLAIN + " flat heap over the long run (live-heap growth ≤ 1 MiB)", growth,
				growth.map((value) -> value <= 1024 * 1024).orElse(null), "B growth");
	}

	/** The size of a {@code byte[n]} on a 64-bit JVM with compressed class pointers. */
	static long arrayBytes(int length) {
		return (16L + length + 7) & ~7L;
	}

}
