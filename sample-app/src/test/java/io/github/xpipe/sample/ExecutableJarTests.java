package io.github.xpipe.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import io.github.xpipe.sample.PythonClient.Result;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

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
		// No --xpipe.base-dir: the app and the client agree on the default, $XDG_RUNTIME_DIR/xpipe.
		Path runtimeDir = Files.createDirectory(this.tempDir.resolve("run"));
		Path baseDir = runtimeDir.resolve("xpipe");
		String output;
		try (SampleJar app = SampleJar.start(this.tempDir.resolve("app.log"),
				Map.of("XDG_RUNTIME_DIR", runtimeDir.toString()), List.of(), "--xpipe.pipes.inbox.framing=base64",
				"--xpipe.pipes.outbox.framing=base64")) {
			app.awaitStarted();
			Result result = PythonClient.withRuntimeDirectory(runtimeDir, this.tempDir)
				.run(List.of("one", "two"), "--framing", "base64");
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).containsExactly("one", "two");
			app.stop();
			output = app.output();
		}
		assertThat(output).contains("Echo service: " + baseDir.resolve("inbox") + " -> " + baseDir.resolve("outbox"))
			.doesNotContain("ERROR", "WARN");
		assertThat(baseDir.resolve("inbox")).doesNotExist();
		assertThat(baseDir.resolve("outbox")).doesNotExist();
	}

	@Test
	void itsManifestAllowsJnaNativeAccessSoThatJava24AndLaterDoNotWarn() throws IOException {
		try (JarFile jar = new JarFile(SampleJar.jar().toFile())) {
			assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
		}
	}

}
