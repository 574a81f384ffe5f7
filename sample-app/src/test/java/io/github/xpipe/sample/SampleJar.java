package io.github.xpipe.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's repackaged executable jar (the {@code sample.jar} system property, set by
 * maven-failsafe after {@code package}) running with {@code java -jar} in a process of its own, its
 * output in a log file. Closing it kills the process if it still runs.
 */
final class SampleJar implements AutoCloseable {

	private final Process process;

	private final Path log;

	private SampleJar(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts the jar with these JVM options and application arguments (and {@code --server.port=0}),
	 * in an environment with these additions, writing its output to {@code log}.
	 */
	static SampleJar start(Path log, Map<String, String> environment, List<String> jvmOptions, String... arguments)
			throws IOException {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the executable jar; build it with ./mvnw -pl sample-app -am package").isRegularFile();
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", jar.toString(), "--server.port=0"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		return new SampleJar(builder.start(), log);
	}

	/** Waits until the application has started; fails at once if it exits first. */
	SampleJar awaitStarted() {
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			String output = output();
			assertThat(this.process.isAlive()).as("the app is running; its output: %s", output).isTrue();
			return output.contains("Started SampleApplication");
		});
		return this;
	}

	/** Stops the application with SIGTERM and waits for it to exit. */
	void stop() throws InterruptedException {
		this.process.destroy();
		assertThat(this.process.waitFor(20, TimeUnit.SECONDS)).as("the app stopped on SIGTERM").isTrue();
	}

	/** Waits for the application to exit by itself and returns its exit code. */
	int awaitExit() throws InterruptedException {
		assertThat(this.process.waitFor(60, TimeUnit.SECONDS)).as("the app exited").isTrue();
		return this.process.exitValue();
	}

	/** What the application printed so far. */
	String output() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
