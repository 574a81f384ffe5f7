package io.github.xpipe.sample;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.xpipe.sample.PythonClient.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The echo service as its users run it: the real application started with command-line
 * arguments, the real Python client in a separate process, real FIFOs.
 */
@ExtendWith(OutputCaptureExtension.class)
class EchoServiceTests {

	private static final List<String> PIPES = List.of("inbox", "outbox", "orders", "receipts");

	@TempDir
	Path tempDir;

	static Stream<Arguments> framings() {
		return Stream.of(arguments("length-crc32, little-endian, CRC (the defaults)", List.of(), List.of()),
				arguments("base64", List.of("--xpipe.pipes.inbox.framing=base64", "--xpipe.pipes.outbox.framing=base64"),
						List.of("--framing", "base64")),
				arguments("length-crc32, big-endian, no CRC",
						List.of("--xpipe.pipes.inbox.byte-order=big-endian", "--xpipe.pipes.outbox.byte-order=big-endian",
								"--xpipe.pipes.inbox.crc=false", "--xpipe.pipes.outbox.crc=false"),
						List.of("--byte-order", "big", "--no-crc")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("framings")
	void echoesEveryLineBackInOrder(String framing, List<String> appArguments, List<String> clientArguments)
			throws Exception {
		Path baseDir = this.tempDir.resolve("pipes");
		List<String> lines = messages();
		try (ConfigurableApplicationContext app = SampleApplications.start(baseDir, appArguments)) {
			Result result = new PythonClient(baseDir, this.tempDir).run(lines, clientArguments.toArray(String[]::new));
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).containsExactlyElementsOf(lines);
		}
	}

	@Test
	void twoInstancesRunSideBySideEachWithItsOwnFreeHttpPort() throws Exception {
		try (ConfigurableApplicationContext first = SampleApplications.start(this.tempDir.resolve("first"), List.of());
				ConfigurableApplicationContext second = SampleApplications.start(this.tempDir.resolve("second"), List.of())) {
			int firstPort = ((WebServerApplicationContext) first).getWebServer().getPort();
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			assertThat(firstPort).isPositive().isNotEqualTo(8080).isNotEqualTo(secondPort);
			assertThat(secondPort).isPositive().isNotEqualTo(8080);
		}
	}

	@Test
	void createsItsPipesInTheBaseDirectoryLogsThemAndRemovesThemAtShutdown(CapturedOutput output) throws Exception {
		Path baseDir = this.tempDir.resolve("pipes");
		try (ConfigurableApplicationContext app = SampleApplications.start(baseDir, List.of())) {
			assertThat(output).contains("Echo service: " + baseDir.resolve("inbox") + " -> " + baseDir.resolve("outbox"))
				.contains("Order desk: " + baseDir.resolve("orders") + " -> " + baseDir.resolve("receipts"));
			for (String pipe : PIPES) {
				assertThat(Files.getPosixFilePermissions(baseDir.resolve(pipe), LinkOption.NOFOLLOW_LINKS))
					.isEqualTo(PosixFilePermissions.fromString("rw-------"));
			}
			Result result = new PythonClient(baseDir, this.tempDir).run("hello", "world", "");
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).containsExactly("hello", "world", "");
		}
		for (String pipe : PIPES) {
			assertThat(baseDir.resolve(pipe)).doesNotExist();
		}
	}

	/** Lines of many sizes, from empty to 200 KiB, ASCII and not. */
	private static List<String> messages() {
		List<String> lines = new ArrayList<>();
		IntStream.range(0, 1000).forEach((i) -> lines.add("message " + i + " " + "x".repeat(i % 97)));
		lines.add("");
		lines.add("Grüße, 世界 ✓");
		lines.add("y".repeat(200 * 1024));
		lines.add("last");
		return lines;
	}

}
