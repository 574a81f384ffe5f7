package io.github.xpipe.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the sample's Python client ({@code client/xpipe_client.py}) as a separate {@code python3}
 * process against the pipes in one base directory.
 */
final class PythonClient {

	static final Path SCRIPT = Path.of("client", "xpipe_client.py").toAbsolutePath();

	private static final long TIMEOUT_SECONDS = 30;

	private final @Nullable Path baseDir;

	private final Map<String, String> environment;

	private final Path workDir;

	/** A client told the pipes' directory with {@code --base-dir}. */
	PythonClient(Path baseDir, Path workDir) {
		this(baseDir, Map.of(), workDir);
	}

	private PythonClient(@Nullable Path baseDir, Map<String, String> environment, Path workDir) {
		this.baseDir = baseDir;
		this.environment = environment;
		this.workDir = workDir;
	}

	/** A client left to find the pipes in its default directory, under this {@code XDG_RUNTIME_DIR}. */
	static PythonClient withRuntimeDirectory(Path runtimeDirectory, Path workDir) {
		return new PythonClient(null, Map.of("XDG_RUNTIME_DIR", runtimeDirectory.toString()), workDir);
	}

	/** Runs the client with these arguments, no standard input, and waits for it to exit. */
	Result run(String... arguments) throws IOException, InterruptedException {
		return run(List.of(), arguments);
	}

	/** Runs the client with these lines on its standard input and waits for it to exit. */
	Result run(List<String> input, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString(), "--timeout", "10"));
		if (this.baseDir != null) {
			command.addAll(List.of("--base-dir", this.baseDir.toString()));
		}
		command.addAll(List.of(arguments));
		Path stdin = Files.write(Files.createTempFile(this.workDir, "stdin", ".txt"), input, StandardCharsets.UTF_8);
		Path stdout = Files.createTempFile(this.workDir, "stdout", ".txt");
		Path stderr = Files.createTempFile(this.workDir, "stderr", ".txt");
		ProcessBuilder client = new ProcessBuilder(command).redirectInput(stdin.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile());
		client.environment().put("PYTHONDONTWRITEBYTECODE", "1");
		client.environment().putAll(this.environment);
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
