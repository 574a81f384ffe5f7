package io.github.xpipe.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
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
 * within a second, and handles a message on a virtual thread; and it still answers while replies
 * sent from virtual listener threads wait for their readers. Were the threads that wait in native
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
		try (SampleJar app = startSample()) {
			URI base = URI.create("http://localhost:" + app.httpPort() + "/actuator/");
			HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
			assertHealthy(http, base);
			// The thread dump lists platform threads only: each pipe's reading thread is one.
			String threads = get(http, base.resolve("threaddump")).body();
			for (int i = 1; i <= IDLE_PIPES; i++) {
				assertThat(threads).contains("\"threadName\":\"xpipe-idle-" + i + "-1\"");
			}
			assertThat(threads).doesNotContain("-listener-");
			send(pipe("idle-3"), "hello");
			await().atMost(Duration.ofSeconds(10)).until(() -> app.output().contains("Probe: 'hello'"));
			assertThat(app.output()).containsPattern(
					"Probe: 'hello' on idle-3 handled on VirtualThread\\[#\\d+,xpipe-idle-3-listener-1\\]\\S*, virtual: true");
			app.stop();
			assertThat(app.output()).doesNotContain("ERROR", "WARN");
		}
	}

	/**
	 * Two virtual listener threads reply on outbound pipes that first have no reader (the send waits
	 * to connect) and then a reader that does not read (the reply, larger than a FIFO holds, waits
	 * for room): neither wait holds a carrier, so HTTP still answers within a second, and every
	 * reply arrives once its reader reads.
	 */
	@Test
	void answersHttpWithinASecondWhileRepliesWaitForTheirReaders() throws Exception {
		try (SampleJar app = startSample()) {
			URI base = URI.create("http://localhost:" + app.httpPort() + "/actuator/");
			HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
			send(pipe("blocked-1"), "a");
			send(pipe("blocked-2"), "b");
			// No reader yet: each reply waits to connect, on a platform thread that opens for it.
			awaitThreadDump(http, base, "\"threadName\":\"xpipe-open-stalled-1\"", "\"threadName\":\"xpipe-open-stalled-2\"");
			assertHealthy(http, base);
			// Readers that do not read (opened read-write, which never waits for a writer): each reply
			// waits for room, in its pipe's sender thread.
			List<RandomAccessFile> readers = new ArrayList<>();
			try {
				for (String name : List.of("stalled-1", "stalled-2")) {
					readers.add(new RandomAccessFile(pipe(name).toFile(), "rw"));
				}
				awaitThreadDump(http, base, "\"threadName\":\"xpipe-sender-stalled-1\"",
						"\"threadName\":\"xpipe-sender-stalled-2\"", "\"methodName\":\"awaitRoom\"");
				assertHealthy(http, base);
				LengthCrc32Codec codec = new LengthCrc32Codec();
				for (RandomAccessFile reader : readers) {
					byte[] frame = new byte[codec.encodedLength(VirtualThreadProbe.REPLY_SIZE)];
					reader.readFully(frame);
					List<byte[]> replies = new ArrayList<>();
					codec.newDecoder("stalled").decode(ByteBuffer.wrap(frame), new FrameSink() {

						@Override
						public void onFrame(byte[] payload) {
							replies.add(payload);
						}

						@Override
						public void onError(FrameException error) {
							throw new AssertionError("a bad reply frame", error);
						}

					});
					assertThat(replies).singleElement()
						.satisfies((reply) -> assertThat(reply).hasSize(VirtualThreadProbe.REPLY_SIZE));
				}
			}
			finally {
				for (RandomAccessFile reader : readers) {
					reader.close();
				}
			}
			app.stop();
			assertThat(app.output()).doesNotContain("ERROR", "WARN");
		}
	}

	/**
	 * The sample's jar on the JDK 21+ with two carrier threads and virtual threads enabled, the
	 * probe's pipes declared besides the sample's own; started.
	 */
	private SampleJar startSample() throws Exception {
		// JNA loads its library: allowed, so that Java 24+ does not warn of it.
		List<String> jvmOptions = List.of("--enable-native-access=ALL-UNNAMED",
				"-Djdk.virtualThreadScheduler.parallelism=2", "-Djdk.virtualThreadScheduler.maxPoolSize=2",
				"-Dloader.path=" + probeClasses());
		List<String> arguments = new ArrayList<>(List.of("--xpipe.base-dir=" + baseDir(),
				"--spring.threads.virtual.enabled=true", "--spring.main.sources=" + VirtualThreadProbe.class.getName(),
				"--spring.mvc.servlet.load-on-startup=1", "--management.endpoints.web.exposure.include=health,threaddump"));
		for (int i = 1; i <= IDLE_PIPES; i++) {
			arguments.add("--xpipe.pipes.idle-" + i + ".direction=inbound");
		}
		for (int i = 1; i <= 2; i++) {
			arguments.add("--xpipe.pipes.blocked-" + i + ".direction=inbound");
			arguments.add("--xpipe.pipes.stalled-" + i + ".direction=outbound");
			arguments.add("--xpipe.pipes.stalled-" + i + ".connect-timeout=60s");
			// a kernel buffer smaller than a reply, so that the reply waits for room
			arguments.add("--xpipe.pipes.stalled-" + i + ".capacity=64KB");
		}
		SampleJar app = SampleJar.start(jdk21Home(), this.tempDir.resolve("app.log"), Map.of(), jvmOptions,
				List.of("-cp", SampleJar.jar().toString(), SampleJar.PROPERTIES_LAUNCHER), arguments.toArray(String[]::new));
		try {
			app.awaitStarted();
		}
		catch (Exception | AssertionError ex) {
			app.close();
			throw ex;
		}
		return app;
	}

	/** Five health checks, each answered UP within {@link #HTTP_TIMEOUT}. */
	private static void assertHealthy(HttpClient http, URI base) throws IOException, InterruptedException {
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> health = get(http, base.resolve("health"));
			assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
		}
	}

	/** Waits until the thread dump (each fetched within {@link #HTTP_TIMEOUT}) contains all of these. */
	private static void awaitThreadDump(HttpClient http, URI base, String... expected) {
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			String dump = get(http, base.resolve("threaddump")).body();
			assertThat(dump).as(dump).contains(expected);
		});
	}

	private Path baseDir() {
		return this.tempDir.resolve("pipes");
	}

	private Path pipe(String name) {
		return baseDir().resolve(name);
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
