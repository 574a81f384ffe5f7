package io.github.xpipe.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.xpipe.sample.PythonClient.Result;
import io.github.xpipe.test.PipeTestDirectory;
import io.github.xpipe.test.XPipeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The sample as its users run it: the real application started with command-line arguments, the
 * real Python client ({@code client/xpipe_client.py}) in a separate process, real FIFOs, each test's
 * in a private directory.
 */
@XPipeTest
@ExtendWith(OutputCaptureExtension.class)
@DisabledOnOs(OS.WINDOWS)
class PythonClientTests {

	private static final List<String> PIPES = List.of("inbox", "outbox", "orders", "receipts");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path workDir;

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
	void echoesEveryLineBackInOrder(String framing, List<String> appArguments, List<String> clientArguments,
			PipeTestDirectory pipes) throws Exception {
		List<String> lines = List.of("first", "", "Grüße, 世界 ✓", "y".repeat(200 * 1024), "last");
		try (ConfigurableApplicationContext app = SampleApplications.start(pipes.path(), appArguments)) {
			Result result = new PythonClient(pipes.path(), this.workDir).run(lines, clientArguments.toArray(String[]::new));
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).containsExactlyElementsOf(lines);
		}
	}

	@Test
	void twoInstancesRunSideBySideEachWithItsOwnFreeHttpPort(PipeTestDirectory pipes) throws Exception {
		try (ConfigurableApplicationContext first = SampleApplications.start(pipes.resolve("first"), List.of());
				ConfigurableApplicationContext second = SampleApplications.start(pipes.resolve("second"), List.of())) {
			int firstPort = ((WebServerApplicationContext) first).getWebServer().getPort();
			int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
			assertThat(firstPort).isPositive().isNotEqualTo(8080).isNotEqualTo(secondPort);
			assertThat(secondPort).isPositive().isNotEqualTo(8080);
		}
	}

	@Test
	void logsItsPipesAndRemovesThemAtShutdown(CapturedOutput output, PipeTestDirectory pipes) throws Exception {
		Path baseDir = pipes.path();
		try (ConfigurableApplicationContext app = SampleApplications.start(baseDir, List.of())) {
			assertThat(output).contains("Echo service: " + baseDir.resolve("inbox") + " -> " + baseDir.resolve("outbox"))
				.contains("Order desk: " + baseDir.resolve("orders") + " -> " + baseDir.resolve("receipts"));
			Result result = new PythonClient(baseDir, this.workDir).run("hello", "world", "");
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).containsExactly("hello", "world", "");
		}
		for (String pipe : PIPES) {
			assertThat(baseDir.resolve(pipe)).doesNotExist();
		}
		try (Stream<Path> left = Files.list(baseDir)) {
			assertThat(left).isEmpty();
		}
	}

	@Test
	void readsOrdersLineByLineFromStandardInputInUtf8(PipeTestDirectory pipes) throws Exception {
		try (ConfigurableApplicationContext app = SampleApplications.start(pipes.path(), List.of())) {
			Result result = new PythonClient(pipes.path(), this.workDir)
				.run(List.of("crème brûlée:2", "{\"item\": \"茶\", \"quantity\": 0}", " :4"), "--orders");
			assertThat(result.exitCode()).as(result.stderr()).isZero();
			assertThat(result.lines()).map(PythonClientTests::parse)
				.containsExactly(Map.of("item", "crème brûlée", "quantity", 2, "status", "ACCEPTED"),
						Map.of("item", "茶", "quantity", 0, "status", "REJECTED"),
						Map.of("item", " ", "quantity", 4, "status", "REJECTED"));
		}
	}

	@Test
	void saysSoWhenAnOrderIsNotAnswered(PipeTestDirectory pipes) throws Exception {
		try (ConfigurableApplicationContext app = SampleApplications.start(pipes.path(), List.of())) {
			Result unanswered = new PythonClient(pipes.path(), this.workDir).run("--orders", "--timeout", "1",
					"{this is not json");
			assertThat(unanswered.exitCode()).isEqualTo(1);
			assertThat(unanswered.stderr()).contains("no reply");
		}
	}

	private static Map<String, Object> parse(String receipt) {
		return JSON.readValue(receipt, new TypeReference<Map<String, Object>>() {
		});
	}

}
