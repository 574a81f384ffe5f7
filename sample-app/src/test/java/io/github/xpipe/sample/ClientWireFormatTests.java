package io.github.xpipe.sample;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python client's codecs against every vector of the project's wire specification
 * ({@code client/test_xpipe_client.py}, run by {@code python3 -m unittest}).
 */
class ClientWireFormatTests {

	@Test
	void clientCodecsPassEveryWireVector(@TempDir Path workDir) throws Exception {
		File output = workDir.resolve("unittest.txt").toFile();
		ProcessBuilder unittest = new ProcessBuilder("python3", "-m", "unittest", "-v", "test_xpipe_client")
			.directory(PythonClient.SCRIPT.getParent().toFile())
			.redirectErrorStream(true)
			.redirectOutput(output);
		unittest.environment().put("PYTHONDONTWRITEBYTECODE", "1");
		Process process = unittest.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("unittest finished").isTrue();
		String report = Files.readString(output.toPath(), StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(report).isZero();
		assertThat(report).containsPattern("test_encodes_every_vector_exactly .*\\.\\.\\. ok")
			.containsPattern("test_decodes_every_vector_whatever_the_read_boundaries .*\\.\\.\\. ok")
			.containsPattern("test_rejects_every_invalid_input_and_goes_on_when_it_can .*\\.\\.\\. ok")
			.containsPattern("test_refuses_a_fifo_of_another_user .*\\.\\.\\. ok")
			.containsPattern("test_refuses_a_runtime_directory_of_another_user .*\\.\\.\\. ok")
			.containsPattern("test_refuses_a_directory_above_that_others_can_write_to_unless_sticky .*\\.\\.\\. ok")
			.containsPattern("Ran 1[0-9] tests");
	}

}
