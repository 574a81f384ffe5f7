package io.github.xpipe.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Virtual threads never pin: the sample's jar on a Java 21 or later runtime (the JDK whose home is
 * the {@value #JDK_HOME} environment variable) with {@code spring.threads.virtual.enabled=true} and
 * only two carrier threads, eight idle inbound pipes declared besides the sample's own, answers HTTP
 * within a second, and handles a message on a virtual thread. Were the threads that wait in native
 * reads virtual, they would hold both carriers and nothing else virtual would run: not even Tomcat's
 * request threads.
 *
 * <p>Run by maven-failsafe after {@code package}; skipped when {@value #JDK_HOME} is not set (the
 * build's own Java 17 has no virtual threads).
 */
@Tag("executable-jar")
@EnabledOnOs({ OS.LINUX, OS.MAC })
@EnabledIfEnvironmentVariable(named = VirtualThreadsTests.JDK_HOME, matches = ".+",
		disabledReason = "no JDK 21+: set " + VirtualThreadsTests.JDK_HOME
				+ " to the home of a JDK 21 or later to run the virtual-thread test")
class VirtualThreadsTests {

	static final String JDK_HOME = "XPIPE_JDK21_HOME";

	private static final int IDLE_PIPES = 8;

	private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(1);

	@TempDir
	Path tempDir;

	@Test
	void answersHttpWithinASecondWhileEightPipesWaitOnTwoCarrierThreads() throws Exception {
		Path baseDir = this.tempDir.resolve("pipes");
		// JNA loads its library: allowed, so that Java 24+ does not warn of it.
		List<String> jvmOptions = List.of("--enable-native-access=ALL-UNNAMED",
				"-Djdk.virtualThreadScheduler.parallelism=2", "-Djdk.virtualThreadScheduler.maxPoolSize=2",
				"-Dloader.path=" + probeClasses());
		List<String> arguments = new ArrayList<>(List.of("--xpipe.base-dir=" + baseDir,
				"--spring.threads.virtual.enabled=true", "--spring.main.sources=" + VirtualThreadProbe.class.getName(),
				"--spring.mvc.servlet.load-on-startup=1", "--management.endpoints.web.exposure.include=health,threaddump"));
		for (int i = 1; i <= IDLE_PIPES; i++) {
			arguments.add("--xpipe.pipes.idle-" + i + ".direction=inbound");
		}
		try (SampleJar app = SampleJar.start(jdk21Home(), this.tempDir.resolve("app.log"), Map.of(), jvmOptions,
				List.of("-cp", SampleJar.jar().toString(), SampleJar.PROPERTIES_LAUNCHER),
				arguments.toArray(String[]::new))) {
			app.awaitStarted();
			URI base = URI.create("http://localhost:" + app.httpPort() + "/actuator/");
			HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
			for (int i = 0; i < 5; i++) {
				HttpResponse<String> health = get(http, base.resolve("health"));
				assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
				assertThat(health.body()).contains("\"status\":\"UP\"");
			}
			// The thread dump lists platform threads only: each pipe's reading thread is one.
			String threads = get(http, base.resolve("threaddump")).body();
			for (int i = 1; i <= IDLE_PIPES; i++) {
				assertThat(threads).contains("\"threadName\":\"xpipe-idle-" + i + "-1\"");
			}
			assertThat(threads).doesNotContain("-listener-");
			send(baseDir.resolve("idle-3"), "hello");
			await().atMost(Duration.ofSeconds(10)).until(() -> app.output().contains("Probe: 'hello'"));
			assertThat(app.output()).containsPattern(
					"Probe: 'hello' on idle-3 handled on VirtualThread\\[#\\d+,xpipe-idle-3-listener-1\\]\\S*, virtual: true");
			app.stop();
			assertThat(app.output()).doesNotContain("ERROR", "WARN");
		}
	}

	/** A GET answered within {@link #HTTP_TIMEOUT}, or an {@code HttpTimeoutException}. */
	private static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT).build(), BodyHandlers.ofString());
	}

	private static void send(Path pipe, String text) throws IOException {
		try (WritePipeEnd writer = new WritePipeEnd(NamedPipe.of(pipe.toString()), new LengthCrc32Codec())
			.open(Duration.ofSeconds(10))) {
			writer.write(text.getBytes(StandardCharsets.UTF_8));
		}
	}

	/** The JDK in {@value #JDK_HOME}, checked to be Java 21 or later by its {@code release} file. */
	private static Path jdk21Home() throws IOException {
		Path home = Path.of(System.getenv(JDK_HOME));
		Path release = home.resolve("release");
		assertThat(release).as("%s=%s is a JDK home (it has a release file)", JDK_HOME, home).isRegularFile();
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(release)) {
			properties.load(in);
		}
		String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
		assertThat(Integer.parseInt(version.split("[.+-]")[0])).as("the Java version of %s=%s: %s", JDK_HOME, home,
				version).isGreaterThanOrEqualTo(21);
		return home;
	}

	/** A directory holding just the probe's class, for {@code -Dloader.path}. */
	private Path probeClasses() throws IOException {
		Path classes = this.tempDir.resolve("probe");
		String name = VirtualThreadProbe.class.getName().replace('.', '/') + ".class";
		Path target = classes.resolve(name);
		Files.createDirectories(target.getParent());
		try (InputStream in = VirtualThreadProbe.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			Files.copy(in, target);
		}
		return classes;
	}

}
