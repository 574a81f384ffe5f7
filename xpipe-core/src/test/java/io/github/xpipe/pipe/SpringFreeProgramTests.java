package io.github.xpipe.pipe;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.github.xpipe.codec.LengthCrc32Codec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain-Java program compiled against xpipe-core and run in a JVM of its own whose class path is
 * xpipe-core and its runtime dependencies as Maven resolves them for a user (JNA, jspecify,
 * slf4j-api): it talks to this test over real FIFOs, and finds no Spring class.
 */
@DisabledOnOs(OS.WINDOWS)
class SpringFreeProgramTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	/** Written by the maven-dependency-plugin (build-classpath) before the tests run. */
	private static final Path RUNTIME_CLASSPATH = Path.of("target", "runtime-classpath.txt");

	@TempDir
	Path temp;

	@Test
	void plainJavaProgramSendsAndReceivesOverFifosWithNoSpringClassOnItsClassPath() throws Exception {
		List<String> dependencies = runtimeDependencies();
		assertThat(dependencies).as("xpipe-core's runtime class path").isNotEmpty().noneMatch((entry) -> entry.contains("spring"));
		assertThat(dependencies).anyMatch((entry) -> entry.contains("jna"));
		List<String> classPath = new ArrayList<>();
		classPath.add(Path.of(NamedPipe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
		classPath.addAll(dependencies);
		Path classes = compileProgram(String.join(File.pathSeparator, classPath));
		classPath.add(0, classes.toString());

		Path pipes = this.temp.resolve("pipes");
		Path output = this.temp.resolve("program.out");
		Process program = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				String.join(File.pathSeparator, classPath), "PlainEchoProgram", pipes.toString())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		try {
			await().atMost(TIMEOUT).until(() -> Files.readString(output).contains("ready"));
			PipeOptions options = PipeOptions.defaults().withBaseDirectory(pipes);
			try (WritePipeEnd requests = new WritePipeEnd(NamedPipe.of("requests", options), new LengthCrc32Codec())
				.open(TIMEOUT);
					ReadPipeEnd replies = new ReadPipeEnd(NamedPipe.of("replies", options), new LengthCrc32Codec()).open()) {
				requests.write("hello".getBytes(StandardCharsets.UTF_8));
				assertThat(replies.read(TIMEOUT)).asString(StandardCharsets.UTF_8).isEqualTo("echo: hello");
			}
			assertThat(program.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the program ended").isTrue();
			assertThat(program.exitValue()).as(Files.readString(output)).isZero();
		}
		finally {
			program.destroyForcibly();
		}
		assertThat(Files.readString(output)).contains("spring absent").doesNotContain("Exception");
		assertThat(pipes.resolve("requests")).doesNotExist();
		assertThat(pipes.resolve("replies")).doesNotExist();
	}

	private static List<String> runtimeDependencies() throws IOException {
		assertThat(RUNTIME_CLASSPATH).as("written by Maven (run the tests with ./mvnw)").isRegularFile();
		String classPath = Files.readString(RUNTIME_CLASSPATH).trim();
		return Arrays.stream(classPath.split(File.pathSeparator)).filter((entry) -> !entry.isBlank()).toList();
	}

	private Path compileProgram(String classPath) throws IOException {
		Path source = this.temp.resolve("src").resolve("PlainEchoProgram.java");
		Files.createDirectories(source.getParent());
		try (InputStream program = getClass().getResourceAsStream("PlainEchoProgram.java")) {
			assertThat(program).as("the program's source").isNotNull();
			Files.copy(program, source);
		}
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int result = compiler.run(null, null, null, "--release", "17", "-cp", classPath, "-d", classes.toString(),
				source.toString());
		assertThat(result).as("javac exit code").isZero();
		return classes;
	}

}
