package io.github.xpipe.pipe.windows;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Cancellation and time-outs of the Windows backend on real named pipes: {@code close()} ends every
 * blocked call at once, and an open that waits too long fails with a typed error.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsPipeCancellationIntegrationTests {

	private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	final PipeTestResources test = new PipeTestResources();

	private final ExecutorService executor = this.test.executor;

	@Test
	void closeCancelsABlockedReadWithin100Millis() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("cancel-read"), TestPipes.inbound());
		CloseLatency.assertCloseCancels(this.executor, () -> {
			ReadPipeEnd in = new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT);
			WritePipeEnd out = this.test.track(new WritePipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT));
			out.write("one".getBytes());
			assertThat(in.read(OPEN_TIMEOUT)).isEqualTo("one".getBytes());
			return new CloseLatency.BlockedCall(in, in::read);
		});
		// the pipe is still ours: a new read end serves the next writer
		try (ReadPipeEnd again = new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT);
				WritePipeEnd next = new WritePipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT)) {
			next.write("two".getBytes());
			assertThat(again.read(OPEN_TIMEOUT)).isEqualTo("two".getBytes());
		}
	}

	@Test
	void closeCancelsAClientReadWithin100Millis() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("cancel-client-read"), TestPipes.outbound());
		CloseLatency.assertCloseCancels(this.executor, () -> {
			Future<WritePipeEnd> server = this.executor
				.submit(() -> new WritePipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT));
			ReadPipeEnd in = new ReadPipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT);
			this.test.track(server.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
			return new CloseLatency.BlockedCall(in, in::read);
		});
	}

	@Test
	void closeCancelsAServerWaitingForAReaderWithin100Millis() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("cancel-connect"), TestPipes.outbound());
		CloseLatency.assertCloseCancels(this.executor, () -> {
			WritePipeEnd out = new WritePipeEnd(pipe, new LengthCrc32Codec());
			return new CloseLatency.BlockedCall(out, () -> out.open(Duration.ofMinutes(1)));
		});
	}

	@Test
	void closeCancelsAClientWaitingForAServerWithin100Millis() throws Exception {
		CloseLatency.assertCloseCancels(this.executor, () -> {
			WritePipeEnd out = new WritePipeEnd(TestPipes.uniqueName("no-server"), new LengthCrc32Codec());
			return new CloseLatency.BlockedCall(out, () -> out.open(Duration.ofMinutes(1)));
		});
	}

	@Test
	void closeCancelsAWriteBlockedOnAFullPipeWithin100Millis() throws Exception {
		CloseLatency.assertCloseCancels(this.executor, () -> {
			NamedPipe pipe = this.test.created(TestPipes.uniqueName("cancel-write"), TestPipes.inbound().withPipeCapacity(4096));
			ReadPipeEnd in = this.test.track(new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT));
			WritePipeEnd out = new WritePipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT);
			// the reader reads nothing: a 1 MiB frame cannot fit a 4 KiB pipe
			return new CloseLatency.BlockedCall(out, () -> {
				out.write(new byte[1024 * 1024]);
				return null;
			});
		});
	}

	@Test
	void openTimesOutWithTypedErrors() throws Exception {
		WritePipeEnd client = new WritePipeEnd(TestPipes.uniqueName("absent"), new LengthCrc32Codec());
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> client.open(Duration.ofMillis(200)))
			.withCauseInstanceOf(PipeNotFoundException.class);
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("lonely"), TestPipes.outbound());
		WritePipeEnd server = new WritePipeEnd(pipe, new LengthCrc32Codec());
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> server.open(Duration.ofMillis(200)))
			.withMessageContaining("no reader connected");
		// a single-instance pipe whose instance is taken is busy: the client waits, then times out
		NamedPipe single = this.test.created(TestPipes.uniqueName("single"), TestPipes.inbound().withMaxInstances(1));
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(single, new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		WritePipeEnd first = this.test.track(new WritePipeEnd(single.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		first.write("first".getBytes());
		assertThat(in.read(OPEN_TIMEOUT)).isEqualTo("first".getBytes());
		WritePipeEnd second = new WritePipeEnd(single.name(), new LengthCrc32Codec());
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> second.open(Duration.ofMillis(300)))
			.withMessageContaining("busy");
	}

}
