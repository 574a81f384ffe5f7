package io.github.xpipe.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One peer process of a run. Its standard output is scanned for the {@code READY} and
 * {@code RESULT ...} lines and copied, with standard error, to a log file kept for diagnosis.
 */
public final class PeerProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private final CountDownLatch ready = new CountDownLatch(1);

	private final String readyMarker;

	private final CompletableFuture<PeerResult> result = new CompletableFuture<>();

	private PeerProcess(String name, Process process, Path log, String readyMarker) {
		this.name = name;
		this.readyMarker = readyMarker;
		this.process = process;
		this.log = log;
		Thread pump = new Thread(this::pumpOutput, "peer-" + name);
		pump.setDaemon(true);
		pump.start();
	}

	/** Starts {@code command}, logging to {@code <logDirectory>/<name>.log}. */
	public static PeerProcess start(String name, List<String> command, Path logDirectory) throws IOException {
		return start(name, command, logDirectory, null);
	}

	/**
	 * Starts {@code command} as {@link #start(String, List, Path)} does; a line containing
	 * {@code readyMarker} (when not {@code null}) also counts as {@code READY}: how a process that is
	 * not one of the benchmark's peers, such as an application, says it has started.
	 */
	public static PeerProcess start(String name, List<String> command, Path logDirectory, String readyMarker)
			throws IOException {
		Path log = logDirectory.resolve(name + ".log");
		Files.writeString(log, String.join(" ", command) + System.lineSeparator());
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(
				logDirectory.resolve(name + ".stderr.log").toFile()));
		return new PeerProcess(name, builder.start(), log, readyMarker);
	}

	/** Waits for the {@code READY} line. */
	public void awaitReady(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!this.ready.await(50, TimeUnit.MILLISECONDS)) {
			if (!this.process.isAlive() && this.ready.getCount() > 0) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " before getting ready" + failureHint());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(this.name + " did not get ready within " + timeout + failureHint());
			}
		}
	}

	/** Waits for the {@code RESULT} line and a zero exit status. */
	public PeerResult awaitResult(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		PeerResult parsed;
		try {
			parsed = this.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException(this.name + " reported no result within " + timeout + failureHint());
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw new IllegalStateException(this.name + " ended without a result" + failureHint());
		}
		long left = Math.max(1, deadline - System.nanoTime());
		if (!this.process.waitFor(left, TimeUnit.NANOSECONDS)) {
			throw new IllegalStateException(this.name + " did not exit after reporting" + failureHint());
		}
		if (this.process.exitValue() != 0) {
			throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + failureHint());
		}
		return parsed;
	}

	/** Kills the process (and its children) if it is still running. */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
			try {
				this.process.waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private String failureHint() {
		return " (see " + this.log + " and its .stderr.log)";
	}

	private void pumpOutput() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				PrintWriter copy = new PrintWriter(Files.newBufferedWriter(this.log, StandardCharsets.UTF_8,
						java.nio.file.StandardOpenOption.APPEND))) {
			String line;
			while ((line = reader.readLine()) != null) {
				copy.println(line);
				if (line.equals("READY") || (this.readyMarker != null && line.contains(this.readyMarker))) {
					this.ready.countDown();
				}
				else if (line.startsWith("RESULT ")) {
					this.result.complete(new PeerResult(this.name, line));
				}
			}
		}
		catch (IOException ex) {
			// the process went away; the waiters below report it
		}
		this.result.completeExceptionally(new IllegalStateException(this.name + " closed its output"));
	}

}
