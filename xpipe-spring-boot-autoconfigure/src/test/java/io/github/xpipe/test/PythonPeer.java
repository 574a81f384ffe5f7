package io.github.xpipe.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A {@code python3} process (standard library only) writing frames to, or reading frames from, a
 * named pipe: {@code src/test/resources/python/spring_pipe_peer.py}.
 */
public final class PythonPeer implements AutoCloseable {

	private static final HexFormat HEX = HexFormat.of();

	private final Process process;

	private final CompletableFuture<List<String>> stdout;

	private final CompletableFuture<List<String>> stderr;

	private PythonPeer(List<String> arguments) throws IOException {
		PythonScript peer = PythonScript.start("spring_pipe_peer.py", arguments);
		this.process = peer.process();
		this.stdout = peer.stdout();
		this.stderr = peer.stderr();
	}

	/** Writes each item to the pipe: {@link #message(byte[])} or {@link #raw(byte[])}. */
	public static PythonPeer writer(Path pipe, List<String> options, String... items) throws IOException {
		List<String> arguments = new ArrayList<>(options);
		arguments.addAll(List.of("write", pipe.toString()));
		arguments.addAll(List.of(items));
		return new PythonPeer(arguments);
	}

	/** Reads {@code count} messages from the pipe. */
	public static PythonPeer reader(Path pipe, int count, List<String> options) throws IOException {
		List<String> arguments = new ArrayList<>(options);
		arguments.addAll(List.of("--count", Integer.toString(count), "read", pipe.toString()));
		return new PythonPeer(arguments);
	}

	/** An item: one message, framed by the peer. */
	public static String message(byte[] payload) {
		return "msg:" + HEX.formatHex(payload);
	}

	/** An item: one message, framed by the peer. */
	public static String message(String payload) {
		return message(payload.getBytes(StandardCharsets.UTF_8));
	}

	/** An item: bytes written as they are. */
	public static String raw(byte[] bytes) {
		return "raw:" + HEX.formatHex(bytes);
	}

	/** Waits for the process to exit successfully and returns the payloads it printed. */
	public List<byte[]> awaitPayloads(Duration timeout) throws Exception {
		awaitSuccess(timeout);
		return this.stdout.get().stream().map(HEX::parseHex).toList();
	}

	/** Waits for the process to exit with status 0. */
	public void awaitSuccess(Duration timeout) throws Exception {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			fail("python3 peer did not finish within " + timeout + "; stderr: " + this.stderr.getNow(List.of()));
		}
		assertThat(this.process.exitValue()).as("python3 peer exit status; stderr: %s", this.stderr.get()).isZero();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
