package io.github.xpipe.pipe.windows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeBackends;
import io.github.xpipe.pipe.spi.PipeInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Message pipes between xpipe ends on real named pipes, in one process: every frame one message on
 * a connection of its own, messages longer than the read buffer, a single instance, cancellation.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsMessagePipeIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final PipeOptions MESSAGE = PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE);

	@RegisterExtension
	final PipeTestResources test = new PipeTestResources();

	@Test
	void everyFrameOfAWriteEndArrivesAsOneMessageOnAConnectionOfItsOwnEvenWhenFramesQueueUp() throws Exception {
		String name = TestPipes.uniqueName("message-frames");
		PipeInput raw = rawServerInput(name, TestPipes.inbound().withPipeMode(PipeMode.MESSAGE));
		raw.open(TIMEOUT);
		FrameCodec codec = new LengthCrc32Codec();
		List<byte[]> frames = new ArrayList<>();
		Future<?> sent = this.test.executor.submit(() -> {
			try (WritePipeEnd out = new WritePipeEnd(NamedPipe.of(name, MESSAGE), codec).open(TIMEOUT)) {
				for (int i = 0; i < 30; i++) {
					out.enqueue(("message " + i).getBytes(StandardCharsets.US_ASCII));
				}
				out.flush();
			}
			return null;
		});
		for (int i = 0; i < 30; i++) {
			frames.add(codec.encode(("message " + i).getBytes(StandardCharsets.US_ASCII)));
		}
		RecordingSink sink = new RecordingSink();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (sink.events.stream().filter((event) -> event.startsWith("disconnected")).count() < 30) {
			assertThat(System.nanoTime() - deadline).as("events so far %s", sink.events).isNegative();
			raw.read(sink, TimeUnit.MILLISECONDS.toNanos(500));
		}
		sent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		// the next writer may connect before the last one's leaving is seen: look at each connection
		for (int i = 0; i < 30; i++) {
			String connection = Long.toString(i + 1);
			assertThat(sink.events).filteredOn((event) -> event.split(" ", 3)[1].equals(connection))
				.as("connection %s", connection)
				.containsExactly("connected " + connection,
						"data " + connection + " " + new String(frames.get(i), StandardCharsets.ISO_8859_1),
						"disconnected " + connection);
		}
	}

	@Test
	void messagesLongerThanTheReadBufferAreReassembledByAServerAndByAClient() throws Exception {
		List<byte[]> payloads = new ArrayList<>();
		Random random = new Random(42);
		for (int i = 0; i < 3; i++) {
			byte[] payload = new byte[100 * 1024 + i];
			random.nextBytes(payload);
			payloads.add(payload);
		}
		PipeOptions smallReads = MESSAGE.withReadBufferSize(1024);
		// a server reading in message mode: ERROR_MORE_DATA through the completion port
		NamedPipe inbound = this.test.created(TestPipes.uniqueName("message-in"),
				TestPipes.inbound().withPipeMode(PipeMode.MESSAGE).withReadBufferSize(1024));
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(inbound, new LengthCrc32Codec()).open(TIMEOUT));
		Future<?> sent = this.test.executor.submit(() -> writeAll(NamedPipe.of(inbound.name(), MESSAGE), payloads,
				new LengthCrc32Codec()));
		for (byte[] payload : payloads) {
			assertThat(in.read(TIMEOUT)).isEqualTo(payload);
		}
		sent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		// a client reading in message mode, SetNamedPipeHandleState(PIPE_READMODE_MESSAGE)
		NamedPipe outbound = this.test.created(TestPipes.uniqueName("message-out"),
				TestPipes.outbound().withPipeMode(PipeMode.MESSAGE));
		Future<?> served = this.test.executor.submit(() -> writeAll(outbound, payloads, new Base64Codec()));
		try (ReadPipeEnd reader = new ReadPipeEnd(NamedPipe.of(outbound.name(), smallReads), new Base64Codec())
			.open(TIMEOUT)) {
			for (byte[] payload : payloads) {
				assertThat(reader.read(TIMEOUT)).isEqualTo(payload);
			}
		}
		served.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	@Test
	void aServerWritingMessagesServesOurReaderAgainForEachOne() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("message-serve"),
				TestPipes.outbound().withPipeMode(PipeMode.MESSAGE).withMaxInstances(1));
		int messages = 20;
		Future<?> served = this.test.executor.submit(() -> {
			try (WritePipeEnd out = new WritePipeEnd(pipe, new LengthCrc32Codec()).open(TIMEOUT)) {
				for (int i = 0; i < messages; i++) {
					out.write(("served " + i).getBytes(StandardCharsets.US_ASCII));
				}
			}
			return null;
		});
		MessageRecorder recorder = new MessageRecorder();
		try (ReadPipeEnd in = new ReadPipeEnd(NamedPipe.of(pipe.name(), MESSAGE), new LengthCrc32Codec()).open(TIMEOUT)) {
			recorder.receiveUntil(in, (r) -> r.messages.size() >= messages, TIMEOUT, () -> {
			});
		}
		served.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < messages; i++) {
			expected.add("served " + i);
		}
		assertThat(recorder.messages).extracting((payload) -> new String(payload, StandardCharsets.US_ASCII))
			.containsExactlyElementsOf(expected);
		// the server disconnects each reader once it has read its message: ours connected again each time
		assertThat(recorder.connects).isGreaterThanOrEqualTo(messages);
	}

	@Test
	void aSingleInstanceServerServesConcurrentWritersOneMessageAtATimeLosingNone() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("message-single"),
				TestPipes.inbound().withPipeMode(PipeMode.MESSAGE).withMaxInstances(1));
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(TIMEOUT));
		int writers = 3;
		int messages = 20;
		List<Future<?>> sending = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			int writer = w;
			sending.add(this.test.executor.submit(() -> {
				// busy while another writer holds the instance: each write waits for it in WaitNamedPipe
				try (WritePipeEnd out = new WritePipeEnd(NamedPipe.of(pipe.name(), MESSAGE), new LengthCrc32Codec())
					.open(TIMEOUT)) {
					for (int i = 0; i < messages; i++) {
						out.write((writer + ":" + i).getBytes(StandardCharsets.US_ASCII));
					}
				}
				return null;
			}));
		}
		MessageRecorder recorder = new MessageRecorder();
		recorder.receiveUntil(in, (r) -> r.messages.size() >= writers * messages, Duration.ofSeconds(60), () -> {
		});
		for (Future<?> future : sending) {
			future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		for (int writer = 0; writer < writers; writer++) {
			String prefix = writer + ":";
			List<String> own = recorder.messages.stream()
				.map((payload) -> new String(payload, StandardCharsets.US_ASCII))
				.filter((text) -> text.startsWith(prefix))
				.toList();
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < messages; i++) {
				expected.add(prefix + i);
			}
			assertThat(own).as("writer %d's messages, once each, in order", writer).isEqualTo(expected);
		}
		assertThat(recorder.errors).isEmpty();
	}

	@Test
	void aMessageClientOfAByteServerIsToldWhichSettingToChange() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("byte-server"), TestPipes.inbound());
		this.test.track(new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(TIMEOUT));
		WritePipeEnd out = new WritePipeEnd(NamedPipe.of(pipe.name(), MESSAGE), new LengthCrc32Codec());
		assertThatExceptionOfType(PipeException.class).isThrownBy(() -> out.open(TIMEOUT))
			.withMessageContaining("pipe-mode is 'message' but the server created " + pipe.path() + " as a byte pipe")
			.withMessageContaining("set pipe-mode to 'byte'");
	}

	@Test
	void closeCancelsAMessageWriteWaitingForItsReaderToReadItWithin100Millis() throws Exception {
		String name = TestPipes.uniqueName("message-unread");
		PipeOptions options = TestPipes.inbound().withPipeMode(PipeMode.MESSAGE);
		CreatedPipe created = createRaw(name, options);
		CloseLatency.assertCloseCancels(this.test.executor, () -> {
			// a reader that lets writers connect but never reads: FlushFileBuffers waits until it does
			PipeInput idle = this.test.track(PipeBackends.current().newInput(name, pathOf(name), created, options));
			idle.open(TIMEOUT);
			WritePipeEnd out = new WritePipeEnd(NamedPipe.of(name, MESSAGE), new LengthCrc32Codec()).open(TIMEOUT);
			return new CloseLatency.BlockedCall(() -> {
				out.close();
				idle.close();
			}, () -> {
				out.write("never read".getBytes(StandardCharsets.US_ASCII));
				return null;
			});
		});
	}

	/** An input straight from the backend on a pipe created for it: what arrives, read by read. */
	private PipeInput rawServerInput(String name, PipeOptions options) throws Exception {
		return this.test.track(PipeBackends.current().newInput(name, pathOf(name), createRaw(name, options), options));
	}

	private CreatedPipe createRaw(String name, PipeOptions options) throws Exception {
		CreatedPipe created = PipeBackends.current().create(name, pathOf(name), options);
		this.test.track(created::delete);
		return created;
	}

	private static String pathOf(String name) {
		return PipeBackends.current().resolvePath(name, PipeOptions.defaults());
	}

	private static Object writeAll(NamedPipe pipe, List<byte[]> payloads, FrameCodec codec) throws Exception {
		try (WritePipeEnd out = new WritePipeEnd(pipe, codec).open(TIMEOUT)) {
			for (byte[] payload : payloads) {
				out.write(payload);
			}
		}
		return null;
	}

}
