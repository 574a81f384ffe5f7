package io.github.xpipe.pipe.windows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeMessageListener;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.InputSink;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeBackends;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Windows backend on real named pipes, in one process: server and client ends of the same
 * pipe on different threads.
 */
@EnabledOnOs(OS.WINDOWS)
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WindowsPipeIntegrationTests {

	private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	final PipeTestResources test = new PipeTestResources();

	private final ExecutorService executor = this.test.executor;

	@Test
	void runsOnTheWindowsBackend() {
		assertThat(System.getProperty("os.name")).startsWith("Windows");
		assertThat(PipeBackends.current()).isInstanceOf(WindowsPipeBackend.class);
		NamedPipe pipe = NamedPipe.of("orders");
		assertThat(pipe.path()).isEqualTo("\\\\.\\pipe\\orders");
		assertThat(pipe.name()).isEqualTo("orders");
	}

	@Test
	void aNameWithSlashesIsServedAndOpenedUnderItsNestedPath() throws Exception {
		String name = "xpipe-test/nested/" + TestPipes.uniqueName("slashes");
		NamedPipe pipe = this.test.created(name, TestPipes.inbound());
		assertThat(pipe.path()).isEqualTo("\\\\.\\pipe\\" + name.replace('/', '\\'));
		assertThat(pipe.name()).isEqualTo(name);
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		for (String nameOrPath : List.of(name, pipe.path())) {
			try (WritePipeEnd out = new WritePipeEnd(nameOrPath, new LengthCrc32Codec()).open(OPEN_TIMEOUT)) {
				out.write(nameOrPath.getBytes());
			}
			assertThat(in.read(OPEN_TIMEOUT)).isEqualTo(nameOrPath.getBytes());
		}
	}

	@Test
	void everyVectorCrossesARealPipeInBothDirections() throws Exception {
		String json = TestPipes.vectorsJson();
		List<Map<String, Object>> vectors = JsonPath.parse(json).read("$.vectors");
		assertThat(vectors).isNotEmpty();
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("vectors"), TestPipes.inbound());
		// a second pipe read below the codecs, straight from the backend
		PipeBackend backend = PipeBackends.current();
		String rawName = TestPipes.uniqueName("raw-vectors");
		CreatedPipe rawPipe = backend.create(rawName, backend.resolvePath(rawName, pipe.options()), pipe.options());
		this.test.track(rawPipe::delete);
		for (Map<String, Object> vector : vectors) {
			FrameCodec codec = codecFor(vector);
			byte[] frame = HexFormat.of().parseHex((String) vector.get("frameHex"));
			List<byte[]> payloads = payloadsOf(vector);
			// raw frame bytes from a client decode to the payloads in the server's read end
			try (ReadPipeEnd in = new ReadPipeEnd(pipe, codec).open(OPEN_TIMEOUT)) {
				try (PipeOutput out = backend.newOutput(pipe.name(), pipe.path(), null, pipe.options())) {
					out.open(OPEN_TIMEOUT);
					out.write(ByteBuffer.wrap(frame));
				}
				for (byte[] payload : payloads) {
					assertThat(in.read(OPEN_TIMEOUT)).as((String) vector.get("name")).isEqualTo(payload);
				}
			}
			// payloads a client write end encodes arrive as exactly the vector's bytes
			PipeInput raw = backend.newInput(rawName, backend.resolvePath(rawName, pipe.options()), rawPipe,
					pipe.options());
			try (raw; WritePipeEnd out = new WritePipeEnd(rawName, codec)) {
				raw.open(OPEN_TIMEOUT);
				out.open(OPEN_TIMEOUT);
				for (byte[] payload : payloads) {
					out.write(payload);
				}
				out.close();
				assertThat(HexFormat.of().formatHex(readUntilDisconnected(raw)))
					.as((String) vector.get("name")).isEqualTo(vector.get("frameHex"));
			}
		}
	}

	@Test
	void successiveWritersAreSeparateConnections() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("successive"), TestPipes.inbound());
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		Recorder recorder = new Recorder();
		for (int writer = 0; writer < 3; writer++) {
			try (WritePipeEnd out = new WritePipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT)) {
				out.write(("writer " + writer).getBytes());
			}
			receiveUntil(in, recorder, (writer + 1) * 3);
		}
		assertThat(recorder.events).containsExactly("connected 1", "writer 0", "disconnected 1", "connected 2",
				"writer 1", "disconnected 2", "connected 3", "writer 2", "disconnected 3");
	}

	@Test
	void concurrentWritingEnqueuingAndAsyncWritersNeverCorruptEachOther() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("concurrent"), TestPipes.inbound());
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		int writers = 6;
		int messages = 200;
		List<Future<?>> sending = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			int writer = w;
			sending.add(this.executor.submit(() -> {
				Random random = new Random(writer);
				List<CompletableFuture<Void>> futures = new ArrayList<>();
				try (WritePipeEnd out = new WritePipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT)) {
					for (int i = 0; i < messages; i++) {
						byte[] message = message(writer, i, random.nextInt(64 * 1024));
						switch (writer % 3) {
							case 0 -> out.write(message);
							// queued and asynchronous sending: batches leave from the end's sender thread
							case 1 -> out.enqueue(message);
							default -> futures.add(out.writeAsync(message));
						}
					}
					out.flush();
					CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
						.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				}
				return null;
			}));
		}
		int[] next = new int[writers];
		int received = 0;
		while (received < writers * messages) {
			byte[] payload = in.read(OPEN_TIMEOUT);
			assertThat(payload).as("message %d", received).isNotNull();
			ByteBuffer buffer = ByteBuffer.wrap(payload);
			int writer = buffer.getInt();
			int index = buffer.getInt();
			assertThat(index).as("writer %d's order", writer).isEqualTo(next[writer]++);
			assertThat(payload).isEqualTo(message(writer, index, payload.length - 8));
			received++;
		}
		for (Future<?> future : sending) {
			future.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	@Test
	void framesOfOneMebibyteAndMoreInBothDirections() throws Exception {
		byte[] oneMiB = random(1024 * 1024, 1);
		byte[] large = random(5 * 1024 * 1024 + 7, 2);
		FrameCodec crc = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, true, 8 * 1024 * 1024);
		FrameCodec base64 = new Base64Codec(8 * 1024 * 1024);
		// client writer to server reader, through a 64 KiB pipe so writes wait for the reader
		NamedPipe inbound = this.test.created(TestPipes.uniqueName("large-in"), TestPipes.inbound().withPipeCapacity(64 * 1024));
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(inbound, crc).open(OPEN_TIMEOUT));
		Future<?> sent = this.executor.submit(() -> {
			try (WritePipeEnd out = new WritePipeEnd(inbound.name(), crc).open(OPEN_TIMEOUT)) {
				out.write(oneMiB);
				out.write(large);
			}
			return null;
		});
		assertThat(in.read(OPEN_TIMEOUT)).isEqualTo(oneMiB);
		assertThat(in.read(OPEN_TIMEOUT)).isEqualTo(large);
		sent.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		// server writer to client reader
		NamedPipe outbound = this.test.created(TestPipes.uniqueName("large-out"), TestPipes.outbound());
		Future<?> written = this.executor.submit(() -> {
			try (WritePipeEnd out = new WritePipeEnd(outbound, base64).open(OPEN_TIMEOUT)) {
				out.write(large);
				out.write(oneMiB);
			}
			return null;
		});
		try (ReadPipeEnd reader = new ReadPipeEnd(outbound.name(), base64).open(OPEN_TIMEOUT)) {
			assertThat(reader.read(OPEN_TIMEOUT)).isEqualTo(large);
			assertThat(reader.read(OPEN_TIMEOUT)).isEqualTo(oneMiB);
		}
		written.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
	}

	@Test
	void outboundServerServesAReaderThatReconnects() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("reconnect"), TestPipes.outbound());
		for (int round = 0; round < 3; round++) {
			byte[] payload = ("round " + round).getBytes();
			Future<?> written = this.executor.submit(() -> {
				try (WritePipeEnd out = new WritePipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT)) {
					out.write(payload);
				}
				return null;
			});
			try (ReadPipeEnd in = new ReadPipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT)) {
				assertThat(in.read(OPEN_TIMEOUT)).isEqualTo(payload);
			}
			written.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
	}

	@Test
	void clientReaderSurvivesTheServerWriterComingAndGoing() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("client-reader"), TestPipes.outbound());
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> writeOnce(pipe, "first"), this.executor);
		ReadPipeEnd in = this.test.track(new ReadPipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		Recorder recorder = new Recorder();
		receiveUntil(in, recorder, 3);
		first.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		CompletableFuture<Void> second = CompletableFuture.runAsync(() -> writeOnce(pipe, "second"), this.executor);
		receiveUntil(in, recorder, 6);
		second.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(recorder.events).containsExactly("connected 1", "first", "disconnected 1", "connected 2", "second",
				"disconnected 2");
	}

	@Test
	void writingToAGoneReaderIsABrokenPipe() throws Exception {
		NamedPipe pipe = this.test.created(TestPipes.uniqueName("broken-in"), TestPipes.inbound());
		ReadPipeEnd in = new ReadPipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT);
		WritePipeEnd out = this.test.track(new WritePipeEnd(pipe.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		out.write("hello".getBytes());
		assertThat(in.read(OPEN_TIMEOUT)).isEqualTo("hello".getBytes());
		in.close();
		assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(() -> out.write("anyone?".getBytes()))
			.satisfies((ex) -> assertThat(ex.pipeName()).isEqualTo(pipe.name()));
		// and the other way: the server writes to a client reader that left
		NamedPipe outbound = this.test.created(TestPipes.uniqueName("broken-out"), TestPipes.outbound());
		Future<WritePipeEnd> server = this.executor
			.submit(() -> new WritePipeEnd(outbound, new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		ReadPipeEnd reader = new ReadPipeEnd(outbound.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT);
		WritePipeEnd writer = this.test.track(server.get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		reader.close();
		assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(() -> writer.write("gone".getBytes()));
		// and an asynchronous send: its future fails the same way
		NamedPipe async = this.test.created(TestPipes.uniqueName("broken-async"), TestPipes.inbound());
		ReadPipeEnd asyncReader = new ReadPipeEnd(async, new LengthCrc32Codec()).open(OPEN_TIMEOUT);
		WritePipeEnd asyncWriter = this.test
			.track(new WritePipeEnd(async.name(), new LengthCrc32Codec()).open(OPEN_TIMEOUT));
		asyncWriter.writeAsync("hello".getBytes()).get(OPEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(asyncReader.read(OPEN_TIMEOUT)).isEqualTo("hello".getBytes());
		asyncReader.close();
		assertThat(asyncWriter.writeAsync("anyone?".getBytes())).failsWithin(OPEN_TIMEOUT)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(BrokenPipeException.class);
	}

	private static void receiveUntil(ReadPipeEnd in, Recorder recorder, int events) throws IOException {
		long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
		while (recorder.events.size() < events) {
			assertThat(System.nanoTime() - deadline).as("events so far: %s", recorder.events).isNegative();
			in.receive(recorder, Duration.ofMillis(500));
		}
	}

	private static void writeOnce(NamedPipe pipe, String text) {
		try (WritePipeEnd out = new WritePipeEnd(pipe, new LengthCrc32Codec()).open(OPEN_TIMEOUT)) {
			out.write(text.getBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private byte[] readUntilDisconnected(PipeInput input) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		boolean[] done = new boolean[1];
		InputSink sink = new InputSink() {
			@Override
			public void onConnected(long connectionId) {
			}

			@Override
			public void onData(long connectionId, ByteBuffer data) {
				byte[] chunk = new byte[data.remaining()];
				data.get(chunk);
				bytes.writeBytes(chunk);
			}

			@Override
			public void onDisconnected(long connectionId) {
				done[0] = true;
			}
		};
		long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
		while (!done[0]) {
			assertThat(System.nanoTime()).as("writer disconnected in time").isLessThan(deadline);
			input.read(sink, OPEN_TIMEOUT.toNanos());
		}
		return bytes.toByteArray();
	}

	private static byte[] message(int writer, int index, int size) {
		ByteBuffer buffer = ByteBuffer.allocate(8 + size).putInt(writer).putInt(index);
		new Random(writer * 100_003L + index).nextBytes(buffer.array());
		buffer.putInt(0, writer).putInt(4, index);
		return buffer.array();
	}

	private static byte[] random(int size, long seed) {
		byte[] bytes = new byte[size];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

	private static FrameCodec codecFor(Map<String, Object> vector) {
		return switch (Framing.fromId((String) vector.get("framing"))) {
			case BASE64 -> new Base64Codec();
			case LENGTH_CRC32 -> new LengthCrc32Codec(
					"big".equals(vector.get("byteOrder")) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
					(Boolean) vector.get("crc"), LengthCrc32Codec.DEFAULT_MAX_MESSAGE_SIZE);
		};
	}

	@SuppressWarnings("unchecked")
	private static List<byte[]> payloadsOf(Map<String, Object> vector) {
		if (vector.containsKey("payloadsHex")) {
			return ((List<String>) vector.get("payloadsHex")).stream().map(HexFormat.of()::parseHex).toList();
		}
		return List.of(HexFormat.of().parseHex((String) vector.get("payloadHex")));
	}

	/** Records messages and writer events as strings, in order. */
	private static final class Recorder implements PipeMessageListener {

		final List<String> events = new ArrayList<>();

		@Override
		public void onMessage(byte[] payload) {
			this.events.add(new String(payload));
		}

		@Override
		public void onError(FrameException error) {
			this.events.add("error " + error.getMessage());
		}

		@Override
		public void onWriterConnected(long connectionId) {
			this.events.add("connected " + connectionId);
		}

		@Override
		public void onWriterDisconnected(long connectionId) {
			this.events.add("disconnected " + connectionId);
		}

	}

}
