package io.github.xpipe.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.xpipe.sample.PythonClient.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executable jar run from the code that {@code spring-boot:process-aot} generated at build
 * time ({@code -Dspring.aot.enabled=true}), as a native image would run it: it echoes, and it
 * refuses to start when a pipe is declared that the build did not process.
 */
@Tag("executable-jar")
class AotModeTests {

	private static final List<String> AOT = List.of("-Dspring.aot.enabled=true");

	@TempDir
	Path tempDir;

	@Test
	void echoesFromTheAheadOfTimeProcessedContext() throws Exception {
		Path baseDir = this.tempDir.resolve("pipes");
		String output;
		try (SampleJar app = SampleJar.start(this.tempDir.resolve("app.log"), Map.of(), AOT,
				"--xpipe.base-dir=" + baseDir)) {
			app.awaitStarted();
			Result result = new PythonClient(baseDir, this.tempDir).run(List.of("one", "two"));
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).containsExactly("one", "two");
			app.stop();
			output = app.output();
		}
		assertThat(output).contains("Starting AOT-processed SampleApplication").doesNotContain("ERROR", "WARN");
		assertThat(baseDir.resolve("inbox")).doesNotExist();
	}

	@Test
	void refusesToStartWithAPipeTheBuildDidNotProcess() throws Exception {
		Path baseDir = this.tempDir.resolve("pipes");
		try (SampleJar app = SampleJar.start(this.tempDir.resolve("app.log"), Map.of(), AOT,
				"--xpipe.base-dir=" + baseDir, "--xpipe.pipes.extra.direction=inbound")) {
			int exitCode = app.awaitExit();
			String output = app.output();
			assertThat(exitCode).as(output).isNotZero();
			assertThat(output).contains("Starting AOT-processed SampleApplication", "APPLICATION FAILED TO START",
					"declared now but not at build time: extra", "build again");
		}
		assertThat(baseDir.resolve("extra")).doesNotExist();
		assertThat(baseDir.resolve("inbox")).doesNotExist();
	}

}
