package io.github.xpipe.benchmarks.systems;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.xpipe.benchmarks.Measurement;
import io.github.xpipe.benchmarks.PeerProcess;
import io.github.xpipe.benchmarks.PeerResult;
import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.Workload;

/**
 * A system whose runs are two peer processes: a reader (or ping-pong server) that gets ready first,
 * then a writer (or client). Subclasses give the commands; this class runs them, checks that every
 * message arrived intact (counts and checksums agree, no rejected frames) and turns the peers'
 * reports into a {@link Measurement}.
 */
public abstract class ProcessPairSystem implements SystemUnderTest {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration RESULT_SLACK = Duration.ofSeconds(180);

	/** Extra warm-up of timed ping-pong runs, see {@link #pingPong}. */
	private static final long PING_PONG_EXTRA_WARMUP_MILLIS = 1500;

	private static final List<String> MEMORY_KEYS = List.of("alloc_per_message", "peak_heap", "gc_count",
			"heap_after_gc_sample", "heap_after_gc_end");

	/** The reader of a one-way run; it must print {@code READY} once the writer may start. */
	protected abstract List<String> readerCommand(Workload workload, RunContext context, Path channel);

	/** The writer of a one-way run. */
	protected abstract List<String> writerCommand(Workload workload, RunContext context, Path channel);

	/** The echoing server of a ping-pong run, reading {@code in} and writing {@code out}. */
	protected List<String> pingServerCommand(RunContext context, Path in, Path out) {
		throw new UnsupportedOperationException(id() + " has no ping-pong peer");
	}

	/** The timing client of a ping-pong run, writing {@code out} and reading {@code in}. */
	protected List<String> pingClientCommand(RunContext context, Path out, Path in) {
		throw new UnsupportedOperationException(id() + " has no ping-pong peer");
	}

	/**
	 * Warm-up this system's timed runs get beyond the run settings' (and as much longer sending), so
	 * that what is measured is the steady state: 0 for C and Python, which have no JIT compiler to
	 * wait for; more for JVM peers.
	 */
	protected long extraWarmupMillis() {
		return 0;
	}

	@Override
	public Measurement run(Workload workload, RunContext context) throws Exception {
		if (workload.kind() == Workload.Kind.PING_PONG) {
			return pingPong(withExtraWarmup(context, PING_PONG_EXTRA_WARMUP_MILLIS + extraWarmupMillis()));
		}
		return oneWay(workload, withExtraWarmup(context, extraWarmupMillis()));
	}

	private static RunContext withExtraWarmup(RunContext context, long millis) {
		return new RunContext(context.directory(), context.settings().withExtraWarmup(millis), context.toolchain());
	}

	private Measurement oneWay(Workload workload, RunContext context) throws Exception {
		Path channel = context.resolve(id() + ".pipe");
		Duration resultTimeout = Duration.ofMillis(context.settings().durationMillis()).plus(RESULT_SLACK);
		try (PeerProcess reader = PeerProcess.start("reader", readerCommand(workload, context, channel),
				context.directory())) {
			reader.awaitReady(READY_TIMEOUT);
			try (PeerProcess writer = PeerProcess.start("writer", writerCommand(workload, context, channel),
					context.directory())) {
				PeerResult sent = writer.awaitResult(resultTimeout);
				PeerResult received = reader.awaitResult(resultTimeout);
				verifyOneWay(sent, received);
				double seconds = received.number("measured_nanos") / 1e9;
				long messages = received.number("measured_messages");
				long bytes = received.has("measured_bytes") ? received.number("measured_bytes")
						: messages * (long) workload.payloadSize();
				return new Measurement(messages / seconds, bytes / seconds, 0, 0, memory(sent, received));
			}
		}
	}

	/**
	 * A round-trip run. Timed ping-pong runs get {@value #PING_PONG_EXTRA_WARMUP_MILLIS} ms more
	 * warm-up than one-way runs, every system alike: each pinned peer shares its one CPU with its own
	 * runtime threads (a JVM's JIT compiler above all), whose start-up work would otherwise land in
	 * the measured tail rather than the steady state.
	 */
	private Measurement pingPong(RunContext context) throws Exception {
		Path in = context.resolve(id() + "-request.pipe");
		Path out = context.resolve(id() + "-reply.pipe");
		boolean pin = context.settings().pinCpus() && context.toolchain().canPin();
		Duration resultTimeout = Duration.ofMillis(context.settings().durationMillis()).plus(RESULT_SLACK);
		try (PeerProcess server = PeerProcess.start("server", pinned(pin, "1", pingServerCommand(context, in, out)),
				context.directory())) {
			server.awaitReady(READY_TIMEOUT);
			try (PeerProcess client = PeerProcess.start("client", pinned(pin, "0", pingClientCommand(context, in, out)),
					context.directory())) {
				PeerResult timed = client.awaitResult(resultTimeout);
				PeerResult echoed = server.awaitResult(resultTimeout);
				if (timed.number("messages") != echoed.number("messages") || timed.number("measured_messages") <= 0) {
					throw new IllegalStateException("Ping-pong lost messages: client " + timed + ", server " + echoed);
				}
				Map<String, Long> memory = new LinkedHashMap<>();
				if (timed.has("peak_heap")) {
					memory.put("client_peak_heap", timed.number("peak_heap"));
				}
				return new Measurement(0, 0, timed.number("p50_nanos"), timed.number("p99_nanos"), memory);
			}
		}
	}

	private static void verifyOneWay(PeerResult sent, PeerResult received) {
		if (sent.number("messages") != received.number("messages")) {
			throw new IllegalStateException(
					"Sent " + sent.number("messages") + " messages but received " + received.number("messages"));
		}
		if (!sent.text("checksum").equals(received.text("checksum"))) {
			throw new IllegalStateException(
					"Checksum mismatch: sent " + sent.text("checksum") + ", received " + received.text("checksum"));
		}
		if (received.has("errors") && received.number("errors") != 0) {
			throw new IllegalStateException("The reader rejected " + received.number("errors") + " frames");
		}
		if (received.number("measured_messages") <= 0 || received.number("measured_nanos") <= 0) {
			throw new IllegalStateException("Nothing was measured: " + received);
		}
	}

	private static Map<String, Long> memory(PeerResult sent, PeerResult received) {
		Map<String, Long> memory = new LinkedHashMap<>();
		for (String key : MEMORY_KEYS) {
			if (received.has(key)) {
				memory.put("reader_" + key, received.number(key));
			}
			if (sent.has(key)) {
				memory.put("writer_" + key, sent.number(key));
			}
		}
		return memory;
	}

	private static List<String> pinned(boolean pin, String cpu, List<String> command) {
		if (!pin) {
			return command;
		}
		List<String> pinnedCommand = new ArrayList<>(List.of("taskset", "-c", cpu));
		pinnedCommand.addAll(command);
		return pinnedCommand;
	}

	/** The argument list of a peer: its role followed by the values, as strings. */
	protected static List<String> args(Object... values) {
		List<String> args = new ArrayList<>();
		for (Object value : values) {
			args.add(String.valueOf(value));
		}
		return args;
	}

	/** {@code 1} or {@code 0}, as the peers take flags. */
	protected static String flag(boolean value) {
		return value ? "1" : "0";
	}

}
