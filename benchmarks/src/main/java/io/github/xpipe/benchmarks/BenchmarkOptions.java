package io.github.xpipe.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link BenchmarkMain}.
 *
 * <pre>
 * --smoke              every system once with tiny counts, verified byte for byte; exit 1 on failure
 * --runs N             interleaved runs per figure (default 3; smoke 1)
 * --duration-ms N      how long each one-way writer sends (default 700; the starter gets 1 s more)
 * --warmup-ms N        the first part of each run that is not measured (default 250)
 * --systems a,b        only these systems (ids as in the table)
 * --workloads a,b      only workloads whose id contains one of these, e.g. 64B-lcrc,ping-pong
 * --endurance N        messages of the heap-flatness run (default 10000000; 0 skips it)
 * --no-pin             do not pin ping-pong peers to CPUs 0 and 1
 * --profile            record a JFR profile of every Java peer (kept with the run logs)
 * --jvm-arg ARG        an extra option for every Java peer (repeatable)
 * --output DIR         where the JSON report goes (default: the jar's directory, benchmarks/target)
 * --sample-jar PATH    the sample app's executable jar (default: sample-app/target/sample-app-*.jar)
 * --keep               keep the temporary directory with FIFOs and logs
 * </pre>
 *
 * @param smoke whether this is the smoke mode
 * @param runs interleaved runs per figure
 * @param settings what each run does
 * @param systems system ids to run; empty for all
 * @param workloads workload id fragments to run; empty for all
 * @param profile whether to record JFR profiles
 * @param jvmArgs extra options for Java peers
 * @param output the report directory, or {@code null} for the default
 * @param sampleJar the sample app's jar, or {@code null} to look for it
 * @param keep whether to keep the temporary directory
 */
public record BenchmarkOptions(boolean smoke, int runs, RunSettings settings, List<String> systems,
		List<String> workloads, boolean profile, List<String> jvmArgs, Path output, Path sampleJar, boolean keep) {

	/** Parses the command line; unknown options are an {@link IllegalArgumentException}. */
	public static BenchmarkOptions parse(String[] args) {
		boolean smoke = false;
		Integer runs = null;
		long duration = 700;
		long warmup = 250;
		Long endurance = null;
		boolean pin = true;
		boolean profile = false;
		boolean keep = false;
		List<String> systems = new ArrayList<>();
		List<String> workloads = new ArrayList<>();
		List<String> jvmArgs = new ArrayList<>();
		Path output = null;
		Path sampleJar = null;
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			switch (arg) {
				case "--smoke" -> smoke = true;
				case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
				case "--duration-ms" -> duration = Long.parseLong(value(args, ++i, arg));
				case "--warmup-ms" -> warmup = Long.parseLong(value(args, ++i, arg));
				case "--systems" -> systems.addAll(List.of(value(args, ++i, arg).split(",")));
				case "--workloads" -> workloads.addAll(List.of(value(args, ++i, arg).split(",")));
				case "--endurance" -> endurance = Long.parseLong(value(args, ++i, arg));
				case "--no-pin" -> pin = false;
				case "--profile" -> profile = true;
				case "--jvm-arg" -> jvmArgs.add(value(args, ++i, arg));
				case "--output" -> output = Path.of(value(args, ++i, arg));
				case "--sample-jar" -> sampleJar = Path.of(value(args, ++i, arg));
				case "--keep" -> keep = true;
				default -> throw new IllegalArgumentException("Unknown option '" + arg + "'; see BenchmarkOptions");
			}
		}
		if (warmup >= duration) {
			throw new IllegalArgumentException("--warmup-ms must be shorter than --duration-ms");
		}
		RunSettings settings = smoke
				? new RunSettings(duration, 0, 2_000, true, pin, (endurance != null) ? endurance : 100_000)
				: new RunSettings(duration, warmup, 0, false, pin, (endurance != null) ? endurance : 10_000_000);
		return new BenchmarkOptions(smoke, (runs != null) ? runs : (smoke ? 1 : 3), settings, systems, workloads,
				profile, jvmArgs, output, sampleJar, keep || profile);
	}

	/** Whether the workload is selected by {@code --workloads}. */
	public boolean selects(Workload workload) {
		return this.workloads.isEmpty() || this.workloads.stream().anyMatch((fragment) -> workload.id().contains(fragment));
	}

	/** Whether the system is selected by {@code --systems}. */
	public boolean selects(String system) {
		return this.systems.isEmpty() || this.systems.contains(system);
	}

	private static String value(String[] args, int index, String option) {
		if (index >= args.length) {
			throw new IllegalArgumentException(option + " needs a value");
		}
		return args[index];
	}

}
