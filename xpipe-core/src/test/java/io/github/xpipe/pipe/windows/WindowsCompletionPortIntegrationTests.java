package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A served inbound pipe with more concurrent writers than one {@code WaitForMultipleObjects} could
 * watch (63): its instances are served through an I/O completion port, on real named pipes.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsCompletionPortIntegrationTests {

	private static final int WRITERS = 100;

	private static final int FRAMES = 100;

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	@RegisterExtension
	final PipeTestResources test = new PipeTestResources();

	@Test
	void aHundredWritersConnectedAtOnceEachSendAHundredFramesAndEveryFrameArrives() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("completion-port"), TestPipes.inbound());
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(TIMEOUT));
		// every writer connects before any sends, and stays until all have sent
		CyclicBarrier allConnected = new CyclicBarrier(WRITERS);
		CyclicBarrier allSent = new CyclicBarrier(WRITERS);
		List<Future<?>> writers = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			writers.add(this.test.executor.submit(() -> {
				try (WritePipeEnd out = new WritePipeEnd(pipe.name(), new LengthCrc32Codec()).open(TIMEOUT)) {
					allConnected.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
					for (int i = 0; i < FRAMES; i++) {
						out.write(message(writer, i));
					}
					allSent.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				}
				return null;
			}));
		}
		Tracker tracker = new Tracker();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (tracker.disconnects < WRITERS) {
			assertThat(System.nanoTime() - deadline).as("time left; %d frames, %d writers connected so far",
					tracker.received, tracker.connects).isNegative();
			in.receive(tracker, Duration.ofMillis(500));
		}
		for (Future<?> writer : writers) {
			writer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		assertThat(tracker.mostConnectedAtOnce).isEqualTo(WRITERS);
		assertThat(tracker.received).isEqualTo(WRITERS * FRAMES);
		assertThat(tracker.next).containsOnly(FRAMES);
	}

	/** Frame {@code index} of {@code writer}: both numbers, then up to 2 KiB of seeded random bytes. */
	private static byte[] message(int writer, int index) {
		Random random = new Random(writer * 1_000_003L + index);
		byte[] payload = new byte[8 + random.nextInt(2048)];
		random.nextBytes(payload);
		ByteBuffer.wrap(payload).putInt(writer).putInt(index);
		return payload;
	}

	/** Checks every frame and each writer's order; counts connections open at once. */
	private static final class Tracker extends WriterOrderChecker {

		Tracker() {
			super(WRITERS, "frame");
		}

		@Override
		byte[] expected(int writer, int index) {
			return message(writer, index);
		}

	}

}
