package io.github.xpipe.benchmarks.systems;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.xpipe.benchmarks.Measurement;
import io.github.xpipe.benchmarks.PeerProcess;
import io.github.xpipe.benchmarks.PeerResult;
import io.github.xpipe.benchmarks.RunContext;
import io.github.xpipe.benchmarks.RunSettings;
import io.github.xpipe.benchmarks.Toolchain;
import io.github.xpipe.benchmarks.Workload;

/**
 * A request/reply service driven by the C client ({@code xpipe_ref}): the service runs in its own
 * process, creates its {@code inbox} and {@code outbox} FIFOs and answers every request on
 * {@code inbox} with the same payload on {@code outbox}. For {@link Workload.Kind#REQUEST_REPLY}
 * the client floods {@code inbox} with frames packed into 64 KiB writes while a second thread reads
 * {@code outbox}, checks every reply (same payload, in order) and counts replies per second after
 * the warm-up. For the latency workloads it times lone 64-byte requests one at a time, alone or while
 * a second client streams requests with at most {@value #STREAM_WINDOW} unanswered. The two clients
 * are two threads of one process because the service has one {@code outbox}: a second process
 * reading it would take the first one's replies. Subclasses give the service's command.
 */
public abstract class ServiceSystem implements SystemUnderTest {

	/** How many of the streaming client's requests may be unanswered at a time. */
	public static final int STREAM_WINDOW = 256;

	/** The client waits this long for the service's FIFOs, then the run's duration, then this again. */
	private static final Duration SLACK = Duration.ofSeconds(180);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

	protected final Toolchain toolchain;

	protected ServiceSystem(Toolchain toolchain) {
		this.toolchain = toolchain;
	}

	/**
	 * The command starting the service, reading requests from {@code inbox} and answering on
	 * {@code outbox}; it creates both FIFOs, and its output goes to the run's log.
	 */
	protected abstract List<String> serviceCommand(Workload workload, RunContext context, Path inbox, Path outbox)
			throws IOException;

	/**
	 * What the service prints once it answers requests: {@code READY} for the benchmark's peers;
	 * an application overrides it with a line of its start-up log.
	 */
	protected String readyMarker() {
		return "READY";
	}

	/** The directory the service creates its FIFOs in; the run's directory unless overridden. */
	protected Path pipeDirectory(RunContext context) throws IOException {
		return context.directory();
	}

	/** Warm-up beyond the run settings' for timed runs (and as much longer sending): JIT time. */
	protected long extraWarmupMillis() {
		return 0;
	}

	@Override
	public Optional<String> unavailable() {
		return this.toolchain.cBinary().isPresent() ? Optional.empty()
				: Optional.of("the C client is not built: " + this.toolchain.cProblem());
	}

	@Override
	public boolean supports(Workload workload) {
		return workload.isService();
	}

	@Override
	public Measurement run(Workload workload, RunContext context) throws Exception {
		RunSettings settings = context.settings().withExtraWarmup(extraWarmupMillis());
		Path pipes = pipeDirectory(context);
		Path inbox = pipes.resolve("inbox");
		Path outbox = pipes.resolve("outbox");
		Duration timeout = SLACK.plus(SLACK).plusMillis(settings.durationMillis());
		try (PeerProcess service = PeerProcess.start("service", serviceCommand(workload, context, inbox, outbox),
				context.directory(), readyMarker())) {
			service.awaitReady(READY_TIMEOUT);
			try (PeerProcess client = PeerProcess.start("client", clientCommand(workload, settings, inbox, outbox),
					context.directory())) {
				PeerResult result = client.awaitResult(timeout);
				return (workload.kind() == Workload.Kind.REQUEST_REPLY) ? throughput(result) : latency(workload, result);
			}
		}
	}

	private List<String> clientCommand(Workload workload, RunSettings settings, Path inbox, Path outbox) {
		List<String> command = new ArrayList<>();
		command.add(this.toolchain.cBinary().orElseThrow().toString());
		if (workload.kind() == Workload.Kind.REQUEST_REPLY) {
			command.addAll(List.of("rrclient", inbox.toString(), outbox.toString(), workload.framing(),
					String.valueOf(workload.payloadSize())));
			command.addAll(timing(settings, settings.countFor(workload.payloadSize())));
		}
		else {
			command.addAll(List.of("rrlatency", inbox.toString(), outbox.toString()));
			command.addAll(timing(settings, settings.countFor(workload.payloadSize())));
			command.add(String.valueOf(workload.kind() == Workload.Kind.LATENCY_LOADED ? STREAM_WINDOW : 0));
		}
		return command;
	}

	private static List<String> timing(RunSettings settings, long count) {
		return List.of(String.valueOf(settings.durationMillis()), String.valueOf(settings.warmupMillis()),
				String.valueOf(count));
	}

	private static Measurement throughput(PeerResult result) {
		checkClean(result);
		if (result.number("messages") != result.number("sent")) {
			throw new IllegalStateException(
					"Sent " + result.number("sent") + " requests but got " + result.number("messages") + " replies");
		}
		double seconds = result.number("measured_nanos") / 1e9;
		if (seconds <= 0) {
			throw new IllegalStateException("Nothing was measured: " + result);
		}
		return new Measurement(result.number("measured_messages") / seconds, result.number("measured_bytes") / seconds,
				0, 0, Map.of());
	}

	private static Measurement latency(Workload workload, PeerResult result) {
		checkClean(result);
		if (workload.kind() == Workload.Kind.LATENCY_LOADED && result.number("stream_messages") <= 0) {
			throw new IllegalStateException("The streaming client got no replies: " + result);
		}
		return new Measurement(0, 0, result.number("p50_nanos"), result.number("p99_nanos"), Map.of());
	}

	private static void checkClean(PeerResult result) {
		if (result.number("errors") != 0) {
			throw new IllegalStateException(result.number("errors") + " replies were not their request's payload");
		}
		if (result.number("measured_messages") <= 0) {
			throw new IllegalStateException("Nothing was measured: " + result);
		}
	}

}
