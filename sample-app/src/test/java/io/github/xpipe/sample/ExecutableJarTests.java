package io.github.xpipe.sample;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.sample.PythonClient.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The repackaged executable jar, run as {@code java -jar} with the same arguments as the app
 * (run by maven-failsafe after {@code package}; the jar's path is the {@code sample.jar} system
 * property).
 */
@Tag("executable-jar")
class ExecutableJarTests {

	@TempDir
	Path tempDir;

	@Test
	void runsWithJavaDashJarAndRemovesItsPipesOnSigterm() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the executable jar; build it with ./mvnw -pl sample-app -am package").isRegularFile();
		// No --xpipe.base-dir: the app and the client agree on the default, $XDG_RUNTIME_DIR/xpipe.
		Path runtimeDir = Files.createDirectory(this.tempDir.resolve("run"));
		Path baseDir = runtimeDir.resolve("xpipe");
		File log = this.tempDir.resolve("app.log").toFile();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder command = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
				"--server.port=0", "--xpipe.pipes.inbox.framing=base64", "--xpipe.pipes.outbox.framing=base64")
			.redirectErrorStream(true)
			.redirectOutput(log);
		command.environment().put("XDG_RUNTIME_DIR", runtimeDir.toString());
		Process app = command.start();
		try {
			await().atMost(Duration.ofSeconds(30))
				.until(() -> Files.readString(log.toPath()).contains("Started SampleApplication"));
			Result result = PythonClient.withRuntimeDirectory(runtimeDir, this.tempDir)
				.run(List.of("one", "two"), "--framing", "base64");
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).containsExactly("one", "two");
			app.destroy();
			assertThat(app.waitFor(20, TimeUnit.SECONDS)).as("the app stopped on SIGTERM").isTrue();
		}
		finally {
			app.destroyForcibly();
		}
		String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
		assertThat(output).contains("Echo service: " + baseDir.resolve("inbox") + " -> " + baseDir.resolve("outbox"))
			.doesNotContain("ERROR", "WARN");
		assertThat(baseDir.resolve("inbox")).doesNotExist();
		assertThat(baseDir.resolve("outbox")).doesNotExist();
	}

}
