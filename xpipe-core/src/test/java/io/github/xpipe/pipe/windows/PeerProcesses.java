package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peer processes of the Windows tests: a main class of the test classpath run in a JVM of its own,
 * the same Windows JVM this test runs in, its output kept in a log file. Closing stops every peer
 * still running.
 */
final class PeerProcesses implements AutoCloseable {

	private static final long EXIT_TIMEOUT_SECONDS = 120;

	private static final AtomicInteger counter = new AtomicInteger();

	/**
	 * Where peers log. Not a {@code @TempDir}: Wine may release a dead peer's file handle a moment
	 * after its exit, so deleting the log right away would fail now and then.
	 */
	private final Path logs = Path.of("target", "windows-peers");

	private final List<Process> peers = new ArrayList<>();

	private final Map<Process, Path> peerLogs = new HashMap<>();

	/** Starts {@code main} with {@code args}; its standard input stays a pipe the test may write to. */
	Process start(Class<?> main, String... args) throws IOException {
		String java = ProcessHandle.current().info().command()
			.orElse(Path.of(System.getProperty("java.home"), "bin", "java.exe").toString());
		List<String> command = new ArrayList<>(List.of(java));
		String security = System.getProperty("java.security.properties");
		if (security != null) {
			command.add("-Djava.security.properties=" + security);
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(List.of(args));
		Files.createDirectories(this.logs);
		Path log = this.logs.resolve(main.getSimpleName() + "-" + ProcessHandle.current().pid() + "-"
				+ counter.incrementAndGet() + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.peers.add(process);
		this.peerLogs.put(process, log);
		return process;
	}

	/** Fails the test with the peer's log when it has exited with an error. */
	void assertAlive(Process... peers) throws IOException {
		for (Process peer : peers) {
			if (!peer.isAlive() && peer.exitValue() != 0) {
				throw new AssertionError("peer exited with " + peer.exitValue() + ": " + log(peer));
			}
		}
	}

	/** Waits for the peer to exit and checks that it exited cleanly. */
	void assertExitedCleanly(Process peer) throws Exception {
		assertThat(peer.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("peer exited, log: %s", log(peer)).isTrue();
		assertThat(peer.exitValue()).as("peer exit code, log: %s", log(peer)).isZero();
	}

	/** The peer's output so far, line by line. */
	List<String> lines(Process peer) throws IOException {
		return log(peer).lines().toList();
	}

	String log(Process peer) throws IOException {
		return Files.readString(this.peerLogs.get(peer), StandardCharsets.UTF_8);
	}

	/** Sends a line to the peer's standard input. */
	void tell(Process peer, String line) throws IOException {
		peer.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
		peer.getOutputStream().flush();
	}

	@Override
	public void close() throws InterruptedException {
		for (Process peer : this.peers) {
			peer.destroyForcibly();
			peer.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
