package io.github.xpipe.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the sample's Python client ({@code client/xpipe_client.py}) as a separate {@code python3}
 * process against the pipes in one base directory.
 */
final class PythonClient {

	static final Path SCRIPT = Path.of("client", "xpipe_client.py").toAbsolutePath();

	private static final long TIMEOUT_SECONDS = 30;

	private final Path baseDir;

	private final Path workDir;

	PythonClient(Path baseDir, Path workDir) {
		this.baseDir = baseDir;
		this.workDir = workDir;
	}

	/** Runs the client with these arguments, no standard input, and waits for it to exit. */
	Result run(String... arguments) throws IOException, InterruptedException {
		return run(List.of(), arguments);
	}

	/** Runs the client with these lines on its standard input and waits for it to exit. */
	Result run(List<String> input, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), "--base-dir",
				this.baseDir.toString(), "--timeout", "10"));
		command.addAll(List.of(arguments));
		Path stdin = Files.write(Files.createTempFile(this.workDir, "stdin", ".txt"), input, StandardCharsets.UTF_8);
		Path stdout = Files.createTempFile(this.workDir, "stdout", ".txt");
		Path stderr = Files.createTempFile(this.workDir, "stderr", ".txt");
		ProcessBuilder client = new ProcessBuilder(command).redirectInput(stdin.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile());
		client.environment().put("PYTHONDONTWRITEBYTECODE", "1");
		Process process = client.start();
		if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("%s did not exit within %ds; stderr: %s", command, TIMEOUT_SECONDS, Files.readString(stderr));
		}
		return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
				Files.readString(stderr, StandardCharsets.UTF_8));
	}

	/** What one run of the client did. */
	record Result(int exitCode, String stdout, String stderr) {

		/** Standard output, one entry per printed reply. */
		List<String> lines() {
			return this.stdout.lines().toList();
		}

	}

}
