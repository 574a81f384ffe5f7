package io.github.xpipe.test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A {@code python3} process that behaves as the Python npipes library's code does (its framing, its
 * defaults, one connection per send): {@code src/test/resources/python/npipes_peer.py}.
 */
public final class NpipesPeer implements AutoCloseable {

	private final Process process;

	private final CompletableFuture<List<String>> stdout;

	private final CompletableFuture<List<String>> stderr;

	private NpipesPeer(List<String> arguments) throws IOException {
		PythonScript peer = PythonScript.start("npipes_peer.py", arguments);
		this.process = peer.process();
		this.stdout = peer.stdout();
		this.stderr = peer.stderr();
	}

	/**
	 * Sends {@code count} generated ASCII messages as npipes' {@code send_message} does, each on a
	 * connection of its own.
	 * @param options e.g. {@code --crc}, {@code --endian little}
	 */
	public static NpipesPeer sender(Path pipe, int count, String... options) throws IOException {
		List<String> arguments = new ArrayList<>(List.of("send", pipe.toString(), "--count", Integer.toString(count)));
		arguments.addAll(List.of(options));
		return new NpipesPeer(arguments);
	}

	/** Receives {@code count} messages as npipes' {@code receive_message} does. */
	public static NpipesPeer receiver(Path pipe, int count, String... options) throws IOException {
		List<String> arguments = new ArrayList<>(List.of("receive", pipe.toString(), "--count", Integer.toString(count)));
		arguments.addAll(List.of(options));
		return new NpipesPeer(arguments);
	}

	/**
	 * Waits for the process to exit successfully and returns its lines: a sender's messages, or a
	 * receiver's {@code ok <text>} and {@code rejected <error>}.
	 */
	public List<String> awaitLines(Duration timeout) throws Exception {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			fail("npipes peer did not finish within " + timeout + "; printed " + this.stdout.getNow(List.of())
					+ "; stderr: " + this.stderr.getNow(List.of()));
		}
		assertThat(this.process.exitValue()).as("npipes peer exit status; stderr: %s", this.stderr.get()).isZero();
		return this.stdout.get();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
