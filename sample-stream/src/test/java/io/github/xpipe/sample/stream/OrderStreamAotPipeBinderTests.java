package io.github.xpipe.sample.stream;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.github.xpipe.stream.binder.properties.XPipeProducerProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.context.aot.AbstractAotProcessor.Settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stream sample on xpipe's binder, processed ahead of time and run from the generated code
 * ({@code -Dspring.aot.enabled=true}), as a native image would run it: the application context and
 * the binder's child context are generated at build time, the pipes are provisioned when the
 * bindings start. What {@code spring-boot:process-aot} does is done here with this execution's
 * classpath, which has the xpipe binder and not the Kafka one: Spring Boot's
 * {@link SpringApplicationAotProcessor} writes the code, the JDK's compiler compiles it, and the
 * application runs in a process of its own. The peer is the one of
 * {@link OrderStreamPipePeerTests}. The hints generated for a native image are checked too: a JVM
 * run from generated code still has reflection, a native image has only what the hints name.
 */
@DisabledOnOs(OS.WINDOWS)
class OrderStreamAotPipeBinderTests extends OrderStreamPipePeerTests {

	private static final String GENERATED = StreamSampleApplication.class.getName()
			+ "__ApplicationContextInitializer";

	@TempDir
	static Path tempDir;

	private Path log;

	private Path resources;

	private Process app;

	private Path baseDir;

	@BeforeAll
	void processAheadOfTimeAndStart() throws Exception {
		Path sources = tempDir.resolve("sources");
		this.resources = tempDir.resolve("resources");
		Path classes = tempDir.resolve("classes");
		Settings settings = Settings.builder()
			.sourceOutput(sources)
			.resourceOutput(this.resources)
			.classOutput(classes)
			.groupId("io.github.xpipe")
			.artifactId("sample-stream")
			.build();
		new SpringApplicationAotProcessor(StreamSampleApplication.class, settings,
				new String[] { "--spring.profiles.active=pipes" })
			.process();
		compile(sources, classes);
		this.baseDir = tempDir.resolve("pipes");
		this.log = tempDir.resolve("app.log");
		String classpath = String.join(File.pathSeparator, classes.toString(), this.resources.toString(),
				classpath());
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-Dspring.aot.enabled=true", "-cp", classpath,
				StreamSampleApplication.class.getName(), "--spring.profiles.active=pipes",
				"--xpipe.base-dir=" + this.baseDir);
		this.app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.log.toFile()).start();
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			assertThat(this.app.isAlive()).as("the application runs; its output: %s", output()).isTrue();
			return output().contains("Started StreamSampleApplication");
		});
		connect();
	}

	@AfterAll
	void stop() throws Exception {
		if (this.app != null) {
			this.app.destroy();
			if (!this.app.waitFor(60, TimeUnit.SECONDS)) {
				this.app.destroyForcibly();
			}
		}
	}

	@Test
	void runsFromTheGeneratedContextsOfTheApplicationAndOfTheBinder() throws IOException {
		assertThat(output()).contains("Starting AOT-processed StreamSampleApplication",
				"Using AOT pre-prepared initializer to construct binder child context for xpipe");
	}

	@Test
	void generatesTheHintsANativeImageNeedsToBindTheBindingSettings() throws IOException {
		Path metadata = this.resources
			.resolve("META-INF/native-image/io.github.xpipe/sample-stream/reachability-metadata.json");
		JsonNode reflection = JsonMapper.builder().build().readTree(metadata.toFile()).path("reflection");
		List<String> producerMethods = reflection.valueStream()
			.filter((hint) -> hint.path("type").isString())
			.filter((hint) -> XPipeProducerProperties.class.getName().equals(hint.path("type").asString()))
			.flatMap((hint) -> hint.path("methods").valueStream())
			.map((method) -> method.path("name").asString())
			.toList();
		assertThat(producerMethods).as("reflection hints of %s in %s", XPipeProducerProperties.class.getName(),
				metadata)
			.contains("<init>", "setSync", "isSync");
	}

	@Override
	protected String path(String destination) {
		return this.baseDir.resolve(destination).toString();
	}

	private String output() throws IOException {
		return Files.readString(this.log, StandardCharsets.UTF_8);
	}

	/**
	 * Compiles the generated sources against the generated classes (the CGLIB proxies of the
	 * configuration classes, which the sources refer to) and this test's classpath, as the Maven
	 * plugin does.
	 */
	private static void compile(Path sources, Path classes) throws IOException {
		List<String> arguments = new ArrayList<>(List.of("-proc:none", "-nowarn", "-encoding", "UTF-8", "-d",
				classes.toString(), "-cp", classes + File.pathSeparator + classpath()));
		try (Stream<Path> files = Files.walk(sources)) {
			files.filter((file) -> file.toString().endsWith(".java")).forEach((file) -> arguments.add(file.toString()));
		}
		assertThat(arguments).as("generated sources").anyMatch((argument) -> argument.endsWith(
				GENERATED.replace('.', File.separatorChar) + ".java"));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		assertThat(compiler).as("the JDK's compiler").isNotNull();
		assertThat(compiler.run(null, null, null, arguments.toArray(String[]::new))).as("javac's exit code").isZero();
	}

	/** The classpath of this test (Surefire's, which has the xpipe binder and not the Kafka one). */
	private static String classpath() {
		return System.getProperty("java.class.path");
	}

}
