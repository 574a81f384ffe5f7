package io.github.xpipe.hardening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real child process (a Java main on the test class path, or any command) whose stdout lines are
 * collected for the test to wait on, and whose stderr is kept for failure messages.
 */
final class ChildProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final StringBuffer errors = new StringBuffer();

	private volatile int openStreams = 2;

	private ChildProcess(String name, Process process) {
		this.name = name;
		this.process = process;
		daemon(() -> collect(process.getInputStream(), this.lines::add), name + "-out");
		daemon(() -> collect(process.getErrorStream(), (line) -> {
			if (this.errors.length() < 64 * 1024) {
				this.errors.append(line).append('\n');
			}
		}), name + "-err");
	}

	/** Runs {@code main} in a new JVM on this JVM's class path, with {@code jvmOptions} before it. */
	static ChildProcess java(String name, List<String> jvmOptions, Class<?> main, String... args) {
		return java(name, Map.of(), jvmOptions, main, args);
	}

	/** Like {@link #java(String, List, Class, String...)}, with these environment variables added. */
	static ChildProcess java(String name, Map<String, String> environment, List<String> jvmOptions, Class<?> main,
			String... args) {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse(
				Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-XX:+UseSerialGC");
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(List.of(args));
		return start(name, command, environment);
	}

	/** Runs a writer process ({@link WriterMain}) with these {@code --name=value} arguments. */
	static ChildProcess writer(String name, String... args) {
		return java(name, List.of("-Xmx64m"), WriterMain.class, args);
	}

	/**
	 * Runs {@code writers} writer processes at once on the FIFO at {@code path}, numbered from 1,
	 * each with these further arguments; checks that each exits with status 0 within
	 * {@code atMost}, and closes them all.
	 * @return how many messages they reported sent
	 */
	static long runWriters(int writers, String path, Duration atMost, String... args) {
		List<ChildProcess> started = new ArrayList<>();
		long sent = 0;
		try {
			for (int w = 1; w <= writers; w++) {
				List<String> arguments = new ArrayList<>(List.of("--path=" + path, "--writer=" + w));
				arguments.addAll(List.of(args));
				started.add(writer("writer-" + w, arguments.toArray(String[]::new)));
			}
			for (ChildProcess writer : started) {
				assertThat(writer.awaitExit(atMost)).as(writer.describe()).isZero();
				sent += writer.count("ok ");
			}
		}
		finally {
			started.forEach(ChildProcess::close);
		}
		return sent;
	}

	static ChildProcess start(String name, List<String> command) {
		return start(name, command, Map.of());
	}

	static ChildProcess start(String name, List<String> command, Map<String, String> environment) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.environment().putAll(environment);
			return new ChildProcess(name, builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
		}
	}

	/** The lines printed so far. */
	List<String> lines() {
		return this.lines;
	}

	/** Everything printed on standard error (the first 64 KiB). */
	String errors() {
		return this.errors.toString();
	}

	/** How many printed lines start with {@code prefix}. */
	long count(String prefix) {
		return this.lines.stream().filter((line) -> line.startsWith(prefix)).count();
	}

	/** The sequence numbers of the {@code ok <seq>} lines: the sends that returned normally. */
	List<Integer> acknowledged() {
		return this.lines.stream().filter((line) -> line.startsWith("ok ")).map((line) -> Integer.valueOf(line.substring(3)))
			.toList();
	}

	/** Waits until a printed line matches, failing if the process exits first. */
	String awaitLine(Predicate<String> condition, Duration atMost) {
		await(this.name + " to print a matching line").atMost(atMost)
			.failFast(this.name + " exited: " + describe(), () -> !this.process.isAlive() && drained()
					&& this.lines.stream().noneMatch(condition))
			.until(() -> this.lines.stream().anyMatch(condition));
		return this.lines.stream().filter(condition).findFirst().orElseThrow();
	}

	/** Waits for the process to exit and returns its status. */
	int awaitExit(Duration atMost) {
		try {
			if (!this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new AssertionError(this.name + " still running after " + atMost + ": " + describe());
			}
			await().atMost(Duration.ofSeconds(10)).until(this::drained);
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/** Writes a line to the process's stdin. */
	void send(String line) {
		try {
			OutputStream in = this.process.getOutputStream();
			in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
			in.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** SIGKILL on POSIX, then waits for the process to be gone. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	String describe() {
		List<String> printed = List.copyOf(this.lines);
		String out = String.join("\n", printed.subList(Math.max(0, printed.size() - 20), printed.size()));
		return this.name + " (pid " + this.process.pid() + ", " + (this.process.isAlive() ? "running"
				: "exit " + this.process.exitValue()) + ")\n--- last stdout ---\n" + out + "\n--- stderr ---\n" + this.errors;
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private boolean drained() {
		return this.openStreams == 0;
	}

	private void collect(InputStream stream, java.util.function.Consumer<String> sink) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				sink.accept(line);
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
		finally {
			synchronized (this) {
				this.openStreams--;
			}
		}
	}

	private static void daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

}
