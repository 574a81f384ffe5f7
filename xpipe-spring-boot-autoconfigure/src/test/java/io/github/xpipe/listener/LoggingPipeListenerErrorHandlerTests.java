package io.github.xpipe.listener;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.xpipe.codec.CrcMismatchException;
import io.github.xpipe.support.LogRateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** What the default error handler logs, and how little of a flood. */
@ExtendWith(OutputCaptureExtension.class)
class LoggingPipeListenerErrorHandlerTests {

	private final AtomicLong now = new AtomicLong();

	private final LoggingPipeListenerErrorHandler handler = new LoggingPipeListenerErrorHandler(
			new LogRateLimiter(LoggingPipeListenerErrorHandler.DEFAULT_BURST,
					LoggingPipeListenerErrorHandler.DEFAULT_SUMMARY_INTERVAL, this.now::get));

	@Test
	void aFloodOfRejectedFramesLogsTheFirstOnesThenASummaryWithTheirCount(CapturedOutput output) {
		for (int i = 0; i < 100_000; i++) {
			this.handler.handleError(new PipeListenerFailedException("in", "listener", 40,
					new CrcMismatchException("in", 40, "CRC mismatch " + i)), null);
		}
		this.now.addAndGet(Duration.ofSeconds(10).toNanos());
		this.handler.writeSummaries();
		assertThat(output.getAll().lines().filter((line) -> line.contains("rejected a frame (crc"))).hasSize(5)
			.allMatch((line) -> line.endsWith("decoding goes on from the next frame boundary"));
		assertThat(output.getAll()).contains("Pipe 'in', listener 'listener': rejected frames (crc): 99995 more not "
				+ "logged one by one in the last 10 s (metrics count every one)");
		assertThat(output.getAll().lines().count()).isLessThan(10);
	}

	@Test
	void aStackTraceOncePerDistinctFailureLaterOnesInOneLine(CapturedOutput output) {
		for (int i = 0; i < 3; i++) {
			this.handler.handleError(new PipeListenerFailedException("in", "listener", 1, failure()),
					new GenericMessage<>(new byte[1]));
		}
		this.handler.handleError(new PipeListenerFailedException("in", "listener", 1,
				new IllegalArgumentException("another failure")), new GenericMessage<>(new byte[1]));
		String log = output.getAll();
		assertThat(log.lines().filter((line) -> line.contains("the listener failed on a message of 1 bytes"))).hasSize(4);
		assertThat(log.lines().filter((line) -> line.contains("the stack trace of this failure was logged before")))
			.hasSize(2);
		assertThat(log.lines().filter((line) -> line.startsWith("java.lang.IllegalStateException: bad order")))
			.as("one stack trace of the repeated failure").hasSize(1);
		assertThat(log.lines().filter((line) -> line.startsWith("java.lang.IllegalArgumentException: another failure")))
			.as("and one of the other").hasSize(1);
	}

	private static IllegalStateException failure() {
		return new IllegalStateException("bad order");
	}

}
