package io.github.xpipe.sample;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.sample.PythonClient.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The executable jar run from the code that {@code spring-boot:process-aot} generated at build
 * time ({@code -Dspring.aot.enabled=true}), as a native image would run it: it echoes, and it
 * refuses to start when a pipe is declared that the build did not process.
 */
@Tag("executable-jar")
class AotModeTests {

	@TempDir
	Path tempDir;

	@Test
	void echoesFromTheAheadOfTimeProcessedContext() throws Exception {
		Path baseDir = this.tempDir.resolve("pipes");
		File log = this.tempDir.resolve("app.log").toFile();
		Process app = startJar(log, "--xpipe.base-dir=" + baseDir);
		try {
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				String output = Files.readString(log.toPath());
				assertThat(app.isAlive()).as("the app is running; its output: %s", output).isTrue();
				return output.contains("Started SampleApplication");
			});
			Result result = new PythonClient(baseDir, this.tempDir).run(List.of("one", "two"));
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).containsExactly("one", "two");
			app.destroy();
			assertThat(app.waitFor(20, TimeUnit.SECONDS)).as("the app stopped on SIGTERM").isTrue();
		}
		finally {
			app.destroyForcibly();
		}
		String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
		assertThat(output).contains("Starting AOT-processed SampleApplication").doesNotContain("ERROR", "WARN");
		assertThat(baseDir.resolve("inbox")).doesNotExist();
	}

	@Test
	void refusesToStartWithAPipeTheBuildDidNotProcess() throws Exception {
		Path baseDir = this.tempDir.resolve("pipes");
		File log = this.tempDir.resolve("app.log").toFile();
		Process app = startJar(log, "--xpipe.base-dir=" + baseDir, "--xpipe.pipes.extra.direction=inbound");
		try {
			assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("the app exited").isTrue();
		}
		finally {
			app.destroyForcibly();
		}
		String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
		assertThat(app.exitValue()).as(output).isNotZero();
		assertThat(output).contains("Starting AOT-processed SampleApplication", "APPLICATION FAILED TO START",
				"declared now but not at build time: extra", "build again");
		assertThat(baseDir.resolve("extra")).doesNotExist();
		assertThat(baseDir.resolve("inbox")).doesNotExist();
	}

	private static Process startJar(File log, String... arguments) throws IOException {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the executable jar; build it with ./mvnw -pl sample-app -am package").isRegularFile();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Dspring.aot.enabled=true",
				"-jar", jar.toString(), "--server.port=0"));
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
	}

}
