package io.github.xpipe.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What the peers need, prepared once per benchmark: the C reference compiled with the system
 * {@code gcc}, the Python peer script, {@code python3}, and the command line of a Java peer (this
 * JVM's {@code java}, this class path, a fixed 256 MiB heap so peak-heap figures compare).
 */
public final class Toolchain {

	/** The heap every Java peer gets, so peak-heap figures are comparable between runs. */
	public static final String PEER_HEAP = "-Xmx256m";

	private static final String RESOURCES = "/io/github/xpipe/benchmarks/peers/";

	private final Path workDirectory;

	private final String classPath;

	private final List<String> extraJvmArgs;

	private final boolean profile;

	private final Path cBinary;

	private final String cProblem;

	private final Path pythonScript;

	private final String pythonProblem;

	private final boolean taskset;

	private Toolchain(Path workDirectory, List<String> extraJvmArgs, boolean profile) throws IOException {
		this.workDirectory = workDirectory;
		this.extraJvmArgs = List.copyOf(extraJvmArgs);
		this.profile = profile;
		this.classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.map((entry) -> Path.of(entry).toAbsolutePath().toString())
			.collect(Collectors.joining(File.pathSeparator));
		Path cSource = extract("xpipe_ref.c");
		for (String part : List.of("xpipe_frames.c", "xpipe_ping.c", "xpipe_reqrep.c", "xpipe_latency.c")) {
			extract(part); // included by xpipe_ref.c
		}
		this.cBinary = workDirectory.resolve("xpipe_ref");
		this.cProblem = run(List.of("gcc", "-O2", "-pthread", "-o", this.cBinary.toString(), cSource.toString()));
		this.pythonScript = extract("python_peer.py");
		this.pythonProblem = run(List.of("python3", "-c", "import base64, struct, zlib"));
		this.taskset = Runtime.getRuntime().availableProcessors() >= 2
				&& run(List.of("taskset", "-c", "0", "true")) == null;
	}

	/** Extracts the peers into {@code workDirectory} and compiles the C reference. */
	public static Toolchain prepare(Path workDirectory, List<String> extraJvmArgs, boolean profile) throws IOException {
		return new Toolchain(workDirectory, extraJvmArgs, profile);
	}

	/** The command running a Java peer's {@code main} with the given arguments. */
	public List<String> java(Class<?> mainClass, Path runDirectory, String peerName, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add(PEER_HEAP);
		command.add("-XX:+UseG1GC");
		command.addAll(this.extraJvmArgs);
		if (this.profile) {
			command.add("-XX:StartFlightRecording=settings=profile,filename="
					+ runDirectory.resolve(peerName + ".jfr"));
		}
		command.add("-cp");
		command.add(this.classPath);
		command.add(mainClass.getName());
		command.addAll(args);
		return command;
	}

	/** The command running an executable jar ({@code java -jar}) with the given arguments, as a Java peer. */
	public List<String> javaJar(Path jar, Path runDirectory, String peerName, List<String> args) {
		List<String> command = new ArrayList<>(java(Toolchain.class, runDirectory, peerName, List.of()));
		int classPath = command.indexOf("-cp");
		command.subList(classPath, command.size()).clear();
		command.add("-jar");
		command.add(jar.toString());
		command.addAll(args);
		return command;
	}

	/** The compiled C reference, or why there is none. */
	public Optional<Path> cBinary() {
		return (this.cProblem == null) ? Optional.of(this.cBinary) : Optional.empty();
	}

	public String cProblem() {
		return this.cProblem;
	}

	/** The command running the Python peer with the given arguments. */
	public List<String> python(List<String> args) {
		List<String> command = new ArrayList<>(List.of("python3", this.pythonScript.toString()));
		command.addAll(args);
		return command;
	}

	/** Why {@code python3} cannot run the peer, or {@code null}. */
	public String pythonProblem() {
		return this.pythonProblem;
	}

	/** Whether peers can be pinned to CPUs 0 and 1 with {@code taskset}. */
	public boolean canPin() {
		return this.taskset;
	}

	public Path workDirectory() {
		return this.workDirectory;
	}

	private Path extract(String name) throws IOException {
		Path target = this.workDirectory.resolve(name);
		try (InputStream in = Toolchain.class.getResourceAsStream(RESOURCES + name)) {
			if (in == null) {
				throw new IOException("Resource " + RESOURCES + name + " is missing from the benchmark jar");
			}
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
		return target;
	}

	/** Runs a short command; returns {@code null} on success, else what went wrong. */
	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return String.join(" ", command) + " timed out";
			}
			if (process.exitValue() != 0) {
				return String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8).trim();
			}
			return null;
		}
		catch (IOException ex) {
			return command.get(0) + " is not available: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

}
