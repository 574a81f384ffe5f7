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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's repackaged executable jar (the {@code sample.jar} system property, set by
 * maven-failsafe after {@code package}) running with {@code java -jar} in a process of its own, its
 * output in a log file. Closing it kills the process if it still runs.
 */
final class SampleJar implements AutoCloseable {

	/** Spring Boot's launcher that also loads classes from the directories in {@code -Dloader.path}. */
	static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private static final Pattern HTTP_PORT = Pattern.compile("started on port (\\d+)");

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
		return start(Path.of(System.getProperty("java.home")), log, environment, jvmOptions,
				List.of("-jar", jar().toString()), arguments);
	}

	/**
	 * Starts the jar on the Java runtime in {@code javaHome}, with these JVM options, this launch
	 * ({@code -jar <jar>}, or {@code -cp <jar> <launcher class>}) and these application arguments
	 * (and {@code --server.port=0}), in an environment with these additions, writing its output to
	 * {@code log}.
	 */
	static SampleJar start(Path javaHome, Path log, Map<String, String> environment, List<String> jvmOptions,
			List<String> launch, String... arguments) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(javaHome.resolve("bin").resolve("java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.addAll(launch);
		command.add("--server.port=0");
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		return new SampleJar(builder.start(), log);
	}

	/** The executable jar: the {@code sample.jar} system property, else where the build puts it. */
	static Path jar() {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the executable jar; build it with ./mvnw -pl sample-app -am package").isRegularFile();
		return jar;
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

	/** The port of the started application's HTTP server, as it logged it. */
	int httpPort() throws IOException {
		String output = output();
		Matcher port = HTTP_PORT.matcher(output);
		assertThat(port.find()).as("the app logged its HTTP port; its output: %s", output).isTrue();
		return Integer.parseInt(port.group(1));
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
