package io.github.xpipe.pipe;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code xpipe_peer.py} (test resources) with the system's {@code python3}: the Python side of
 * the interop tests, speaking the wire formats of the Python named-pipe libraries.
 */
final class PythonPeer {

	private static final String PYTHON = "python3";

	private final Process process;

	private final Path log;

	private final Path digests;

	private PythonPeer(Process process, Path log, Path digests) {
		this.process = process;
		this.log = log;
		this.digests = digests;
	}

	/** Fails the test, saying what to install, when {@code python3} cannot be run. */
	static void requirePython() {
		try {
			Process version = new ProcessBuilder(PYTHON, "--version").redirectErrorStream(true).start();
			if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
				fail("'python3 --version' did not succeed: the interop tests need a working python3 on the PATH");
			}
		}
		catch (IOException ex) {
			fail("The interop tests need python3 (standard library only) on the PATH: install it, "
					+ "e.g. 'apt-get install python3' or 'brew install python', then run the tests again (" + ex.getMessage()
					+ ")");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail("interrupted while looking for python3");
		}
	}

	/**
	 * Starts the peer.
	 * @param mode {@code send} or {@code receive}
	 * @param workDirectory where its log and digest files go
	 * @param arguments further arguments, e.g. {@code --framing base64}
	 */
	static PythonPeer start(String mode, String fifoPath, Path workDirectory, List<String> arguments) throws IOException {
		Path log = Files.createTempFile(workDirectory, "peer-" + mode + "-", ".log");
		Path digests = Files.createTempFile(workDirectory, "peer-" + mode + "-", ".digests");
		List<String> command = new ArrayList<>(List.of(PYTHON, script().toString(), mode, "--path", fifoPath,
				"--digests", digests.toString()));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new PythonPeer(process, log, digests);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Waits for the peer to exit successfully and returns its "length sha256" line per message. */
	List<String> awaitDigests(long timeoutSeconds) throws Exception {
		if (!this.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			fail("The Python peer did not finish within " + timeoutSeconds + " s; its output: " + output());
		}
		assertThat(this.process.exitValue()).as("Python peer exit status; its output: %s", output()).isZero();
		return Files.readAllLines(this.digests);
	}

	void destroy() {
		this.process.destroyForcibly();
	}

	String output() throws IOException {
		return Files.readString(this.log);
	}

	/** The line the peer writes for a message: its length and SHA-256. */
	static String digestLine(byte[] data, int offset, int length) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(data, offset, length);
			return length + " " + HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Asserts two digest lists are equal, naming the first message that differs rather than dumping both. */
	static void assertSameMessages(List<String> actual, List<String> expected) {
		int common = Math.min(actual.size(), expected.size());
		for (int i = 0; i < common; i++) {
			if (!actual.get(i).equals(expected.get(i))) {
				fail("Message " + i + " differs: got [" + actual.get(i) + "], expected [" + expected.get(i) + "]");
			}
		}
		assertThat(actual.size()).as("number of messages").isEqualTo(expected.size());
	}

	private static Path script() {
		URL resource = PythonPeer.class.getResource("/xpipe_peer.py");
		assertThat(resource).as("xpipe_peer.py on the test class path").isNotNull();
		try {
			return Path.of(resource.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
