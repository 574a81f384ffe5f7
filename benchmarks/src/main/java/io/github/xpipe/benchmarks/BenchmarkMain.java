package io.github.xpipe.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.github.xpipe.benchmarks.systems.BinderSystem;
import io.github.xpipe.benchmarks.systems.CDirectSystem;
import io.github.xpipe.benchmarks.systems.CReferenceSystem;
import io.github.xpipe.benchmarks.systems.EchoServiceSystem;
import io.github.xpipe.benchmarks.systems.HalfPairSystem;
import io.github.xpipe.benchmarks.systems.JavaRawSystem;
import io.github.xpipe.benchmarks.systems.PackedWriterSystem;
import io.github.xpipe.benchmarks.systems.PythonPeerSystem;
import io.github.xpipe.benchmarks.systems.SampleAppSystem;
import io.github.xpipe.benchmarks.systems.SystemUnderTest;
import io.github.xpipe.benchmarks.systems.UnixSocketSystem;
import io.github.xpipe.benchmarks.systems.XpipePlainSystem;
import io.github.xpipe.benchmarks.systems.XpipeStarterSystem;

/**
 * Runs the end-to-end benchmark: every selected system on every workload, each run in its own pair
 * of processes, rounds interleaved so that load changes hit all systems alike; then prints the
 * tables and the targets and writes the same figures as JSON. See {@link BenchmarkOptions} for the
 * command line; {@code --smoke} is the seconds-long correctness check CI runs.
 */
public final class BenchmarkMain {

	private final BenchmarkOptions options;

	private final PrintStream out;

	private final PrintStream progress;

	private BenchmarkMain(BenchmarkOptions options, PrintStream out, PrintStream progress) {
		this.options = options;
		this.out = out;
		this.progress = progress;
	}

	public static void main(String[] args) throws Exception {
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(64);
			return;
		}
		System.exit(new BenchmarkMain(options, System.out, System.err).run());
	}

	private int run() throws Exception {
		long started = System.nanoTime();
		String mode = this.options.smoke() ? "smoke" : "full";
		List<String> loadAverages = new ArrayList<>();
		loadAverages.add(MachineInfo.loadAverage());
		Path work = Files.createTempDirectory("xpipe-bench-");
		Toolchain toolchain = Toolchain.prepare(work, this.options.jvmArgs(), this.options.profile());
		List<SystemUnderTest> systems = systems(toolchain);
		List<Workload> workloads = workloads();
		this.out.printf("xpipe benchmark (%s): %d run(s) per figure; %s%n", mode, this.options.runs(),
				MachineInfo.describe().toString().replaceAll("[{}]", ""));
		for (SystemUnderTest system : systems) {
			system.unavailable().ifPresent((reason) -> this.out.printf("NOT RUN: %s: %s%n", system.id(), reason));
		}
		Results results = new Results();
		int sequence = 0;
		for (int round = 0; round < this.options.runs(); round++) {
			loadAverages.add(MachineInfo.loadAverage());
			for (Workload workload : workloads) {
				if (workload.kind() == Workload.Kind.ENDURANCE) {
					continue;
				}
				for (SystemUnderTest system : rotate(systems, round)) {
					if (system.unavailable().isEmpty() && system.supports(workload)) {
						runOnce(system, workload, round, ++sequence, work, toolchain, results);
					}
				}
			}
		}
		if (workloads.contains(Workload.endurance())) {
			for (SystemUnderTest system : systems) {
				if (system.unavailable().isEmpty() && system.supports(Workload.endurance())) {
					runOnce(system, Workload.endurance(), 0, ++sequence, work, toolchain, results);
				}
			}
		}
		loadAverages.add(MachineInfo.loadAverage());
		List<Targets.Check> targets = Targets.evaluate(results);
		this.out.println();
		this.out.printf("Load average (1/5/15 min) at start, each round, end: %s%n", String.join(" | ", loadAverages));
		this.out.println();
		this.out.print(ResultTable.render(results));
		for (SystemUnderTest system : systems) {
			this.out.printf("  %-14s %s%n", system.id(), system.description());
		}
		this.out.println();
		this.out.print(ResultTable.render(targets));
		Path report = outputDirectory().resolve(this.options.smoke() ? "xpipe-benchmark-smoke.json" : "xpipe-benchmark.json");
		JsonReport.write(report, mode, MachineInfo.describe(), loadAverages, this.options.settings(), this.options.runs(),
				systems, results, targets);
		List<String> failures = results.failures();
		this.out.printf("%nJSON: %s%n", report);
		this.out.printf("Took %.0f s.%n", (System.nanoTime() - started) / 1e9);
		if (!failures.isEmpty()) {
			this.out.printf("%d run(s) FAILED, logs kept in %s:%n", failures.size(), work);
			failures.forEach((failure) -> this.out.println("  " + failure));
			return 1;
		}
		if (this.options.keep()) {
			this.out.println("Logs kept in " + work);
		}
		else {
			deleteRecursively(work);
		}
		return 0;
	}

	private void runOnce(SystemUnderTest system, Workload workload, int round, int sequence, Path work,
			Toolchain toolchain, Results results) throws IOException {
		Path directory = Files.createDirectory(work.resolve(
				String.format(Locale.ROOT, "%03d-r%d-%s-%s", sequence, round + 1, workload.id(), system.id())));
		RunContext context = new RunContext(directory, this.options.settings(), toolchain);
		try {
			Measurement measurement = system.run(workload, context);
			results.add(workload, system.id(), measurement);
			this.progress.printf("[%d/%d] %-28s %-14s %s%n", round + 1, this.options.runs(), workload.label(),
					system.id(), summary(workload, measurement));
			if (!this.options.keep()) {
				deleteRecursively(directory);
			}
		}
		catch (Exception ex) {
			results.fail(workload, system.id(), String.valueOf(ex.getMessage()));
			this.progress.printf("[%d/%d] %-28s %-14s FAILED: %s%n", round + 1, this.options.runs(), workload.label(),
					system.id(), ex.getMessage());
		}
	}

	private static String summary(Workload workload, Measurement measurement) {
		if (workload.isRoundTrip()) {
			return String.format(Locale.ROOT, "p50 %.1f µs, p99 %.1f µs", measurement.p50Nanos() / 1e3,
					measurement.p99Nanos() / 1e3);
		}
		return String.format(Locale.ROOT, "%.3fM msg/s, %.0f MB/s", measurement.messagesPerSecond() / 1e6,
				measurement.bytesPerSecond() / 1e6);
	}

	private List<SystemUnderTest> systems(Toolchain toolchain) {
		List<SystemUnderTest> all = new ArrayList<>();
		XpipePlainSystem xpipe = new XpipePlainSystem(toolchain, XpipePlainSystem.Sending.ENQUEUE);
		all.add(xpipe);
		all.add(new XpipePlainSystem(toolchain, XpipePlainSystem.Sending.WRITE));
		all.add(new XpipePlainSystem(toolchain, XpipePlainSystem.Sending.ASYNC));
		XpipeStarterSystem starter = new XpipeStarterSystem(toolchain);
		all.add(starter);
		for (CReferenceSystem.Variant variant : CReferenceSystem.Variant.values()) {
			all.add(new CReferenceSystem(variant, toolchain.cBinary(), toolchain.cProblem()));
		}
		all.add(new PythonPeerSystem(toolchain));
		all.add(new UnixSocketSystem(toolchain));
		CReferenceSystem cPacked = new CReferenceSystem(CReferenceSystem.Variant.PACKED, toolchain.cBinary(),
				toolchain.cProblem());
		all.add(HalfPairSystem.xpipeReader(xpipe, cPacked));
		all.add(HalfPairSystem.xpipeWriter(xpipe, cPacked));
		all.add(HalfPairSystem.starterReader(starter, cPacked));
		all.add(new PackedWriterSystem(toolchain));
		all.add(new JavaRawSystem(toolchain, false));
		all.add(new JavaRawSystem(toolchain, true));
		all.add(new SampleAppSystem(toolchain, SampleJars.find(this.options.sampleJar()),
				SampleJars.missing(this.options.sampleJar()), this.options.smoke()));
		all.add(new CDirectSystem(cPacked));
		all.add(EchoServiceSystem.c(toolchain));
		all.add(EchoServiceSystem.cAtomic(toolchain));
		all.add(EchoServiceSystem.python(toolchain));
		all.add(new BinderSystem(toolchain, cPacked, false));
		all.add(new BinderSystem(toolchain, cPacked, true));
		return all.stream().filter((system) -> this.options.selects(system.id())).toList();
	}

	private List<Workload> workloads() {
		List<Workload> candidates = new ArrayList<>();
		if (this.options.smoke()) {
			candidates.add(new Workload(Workload.Kind.THROUGHPUT, 64, "lcrc"));
			candidates.add(new Workload(Workload.Kind.THROUGHPUT, 1024 * 1024, "b64"));
			candidates.add(Workload.raw());
			candidates.add(Workload.pingPong());
			candidates.add(Workload.requestReply(64, "lcrc"));
			candidates.add(Workload.requestReply(1024, "b64"));
			candidates.add(Workload.latency(true));
		}
		else {
			candidates.addAll(Workload.all());
		}
		if (this.options.settings().enduranceMessages() > 0) {
			candidates.add(Workload.endurance());
		}
		return candidates.stream().filter(this.options::selects).toList();
	}

	/** The systems in a different order each round, so no system always runs first or last. */
	private static List<SystemUnderTest> rotate(List<SystemUnderTest> systems, int round) {
		List<SystemUnderTest> rotated = new ArrayList<>(systems);
		if (!rotated.isEmpty()) {
			java.util.Collections.rotate(rotated, -(round % rotated.size()));
		}
		return rotated;
	}

	private Path outputDirectory() throws URISyntaxException {
		if (this.options.output() != null) {
			return this.options.output();
		}
		Path location = Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		return Files.isRegularFile(location) ? location.getParent() : location.resolveSibling(".");
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
