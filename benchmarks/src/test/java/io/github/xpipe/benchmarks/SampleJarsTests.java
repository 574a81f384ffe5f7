package io.github.xpipe.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SampleJarsTests {

	@TempDir
	Path directory;

	@Test
	void aGivenJarIsTakenAsItIs() throws IOException {
		Path jar = Files.createFile(this.directory.resolve("app.jar"));
		assertThat(SampleJars.find(jar)).contains(jar.toAbsolutePath());
	}

	@Test
	void aGivenJarThatDoesNotExistIsNotReplacedByAnother() {
		Path jar = this.directory.resolve("missing.jar");
		assertThat(SampleJars.find(jar)).isEmpty();
		assertThat(SampleJars.missing(jar)).contains("missing.jar");
	}

}
