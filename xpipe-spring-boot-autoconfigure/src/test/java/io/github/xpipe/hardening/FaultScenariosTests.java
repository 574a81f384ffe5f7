package io.github.xpipe.hardening;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.TruncatedFrameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault scenarios on real FIFOs: writer processes ({@link WriterMain}) send self-checking payloads
 * to a Spring Boot application listening in this JVM ({@link ListeningApp}); each scenario records
 * sent / delivered / lost / duplicated in the {@link HardeningReport}.
 */
@DisabledOnOs(OS.WINDOWS)
class FaultScenariosTests {

	private static final Duration LONG = Duration.ofSeconds(60);

	@TempDir
	Path temp;

	@Test
	void writerKilledInTheMiddleOfAFrame() {
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"))) {
			String path = app.path("in");
			int count = 200;
			try (ChildProcess killed = ChildProcess.writer("killed-writer", "--path=" + path, "--writer=1",
					"--count=" + count, "--size=16-3000", "--mode=raw", "--half=true")) {
				killed.awaitLine("half"::equals, LONG);
				await().atMost(LONG).until(() -> app.inbox().count() == count);
				killed.kill();
			}
			await().atMost(LONG).until(() -> app.errors().errors().size() == 1);
			assertThat(app.errors().errors().get(0).getCause()).isInstanceOf(TruncatedFrameException.class);
			long truncatedBytes = ((FrameException) app.errors().errors().get(0).getCause()).byteCount();
			try (ChildProcess next = ChildProcess.writer("next-writer", "--path=" + path, "--writer=2",
					"--count=" + count, "--size=16-3000")) {
				assertThat(next.awaitExit(LONG)).as(next.describe()).isZero();
				await().atMost(LONG).until(() -> app.inbox().count() == 2 * count);
				List<Integer> sent = next.acknowledged();
				assertThat(app.inbox().byWriter().get(2)).isEqualTo(sent);
			}
			assertThat(app.inbox().byWriter().get(1)).isEqualTo(IntStream.rangeClosed(1, count).boxed().toList());
			assertThat(app.inbox().corrupt()).isZero();
			HardeningReport.messages("F1", "Writer SIGKILLed in the middle of a frame", 2 * count, app.inbox().count(),
					2 * count - app.inbox().count(), duplicates(app.inbox().received()),
					"the cut frame (" + truncatedBytes + " bytes read) reported once as truncated, never delivered; "
							+ "the next writer's " + count + " messages all delivered in order");
		}
	}

	static long duplicates(List<Payloads.Id> received) {
		Set<Payloads.Id> seen = new HashSet<>();
		return received.stream().filter((id) -> !seen.add(id)).count();
	}

	/** Messages acknowledged by {@code writer} and never delivered. */
	static long lost(int writer, List<Integer> acknowledged, Map<Integer, List<Integer>> delivered) {
		Set<Integer> got = new HashSet<>(delivered.getOrDefault(writer, List.of()));
		return acknowledged.stream().filter((seq) -> !got.contains(seq)).count();
	}

	static List<Integer> sequence(int from, int to) {
		return new ArrayList<>(IntStream.rangeClosed(from, to).boxed().toList());
	}

}
