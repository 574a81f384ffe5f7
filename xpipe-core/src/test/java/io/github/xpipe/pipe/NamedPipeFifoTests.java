package io.github.xpipe.pipe;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.codec.InvalidBase64Exception;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.codec.TruncatedFrameException;
import io.github.xpipe.pipe.posix.FifoFixtures.ThrowingRunnable;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static io.github.xpipe.pipe.posix.FifoFixtures.isPolling;
import static io.github.xpipe.pipe.posix.FifoFixtures.start;
import static io.github.xpipe.pipe.posix.FifoFixtures.withinCancelBound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The plain API ({@link NamedPipe}, {@link ReadPipeEnd}, {@link WritePipeEnd}) on real FIFOs. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class NamedPipeFifoTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final FrameCodec codec = new LengthCrc32Codec();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@TempDir
	Path temp;

	private NamedPipe pipe;

	@BeforeEach
	void createPipe() throws Exception {
		this.pipe = NamedPipe.of("orders", PipeOptions.defaults().withBaseDirectory(this.temp.resolve("pipes")))
			.create();
	}

	@AfterEach
	void deletePipe() throws Exception {
		this.executor.shutdownNow();
		this.pipe.delete();
	}

	@Test
	void readerFirstThenAClientWriterByPath() throws Exception {
		try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open();
				WritePipeEnd out = new WritePipeEnd(this.pipe.path(), this.codec).open(Duration.ofSeconds(5))) {
			out.write(utf8("first"));
			out.write(new byte[0]);
			out.write(utf8("third"));
			assertThat(in.read(READ_TIMEOUT)).isEqualTo(utf8("first"));
			assertThat(in.read(READ_TIMEOUT)).isEmpty();
			assertThat(in.read(READ_TIMEOUT)).isEqualTo(utf8("third"));
		}
	}

	@Test
	void aPipeThisProcessMadeAndNobodyReadStartsOnAFrameBoundaryWhateverItHoldsWhenHeld() throws Exception {
		Base64Codec base64 = new Base64Codec();
		// A writer gets in before the first read end, even before the reader is held (an open
		// read-write descriptor lets it write): base64 cannot tell a whole datagram from the tail of
		// a cut one, so only knowing that nothing read this FIFO yet keeps the first message.
		try (RandomAccessFile early = new RandomAccessFile(this.pipe.path(), "rw")) {
			for (String text : List.of("first", "second")) {
				ByteBuffer frame = ByteBuffer.allocate(base64.encodedLength(text.length()));
				base64.encode(utf8(text), 0, text.length(), frame);
				early.write(frame.array(), 0, frame.position());
			}
			this.pipe.holdReader();
			try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, base64).open()) {
				assertThat(in.read(READ_TIMEOUT)).isEqualTo(utf8("first"));
				assertThat(in.read(READ_TIMEOUT)).isEqualTo(utf8("second"));
			}
		}
		finally {
			this.pipe.releaseReader();
		}
	}

	@Test
	void createIsIdempotentAndCloseDeletesOnlyWhatThisInstanceMade() throws Exception {
		Path fifo = Path.of(this.pipe.path());
		assertThat(this.pipe.name()).isEqualTo("orders");
		assertThat(this.pipe.isCreated()).isTrue();
		assertThat(this.pipe.create()).isSameAs(this.pipe);
		try (NamedPipe reuser = NamedPipe.of(this.pipe.path()).create()) {
			assertThat(reuser.isCreated()).isTrue();
		}
		assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).as("a reused FIFO outlives its reuser").isTrue();
		this.pipe.close();
		assertThat(this.pipe.isCreated()).isFalse();
		assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	@Test
	void anEndCannotBeUsedBeforeOpenOrAfterClose() throws Exception {
		WritePipeEnd out = new WritePipeEnd(this.pipe, this.codec);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> out.write(utf8("early")))
			.withMessageContaining("open()");
		out.close();
		assertThatExceptionOfType(PipeClosedException.class).isThrownBy(() -> out.open(Duration.ofSeconds(1)));
		ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open();
		in.close();
		assertThatExceptionOfType(PipeClosedException.class).isThrownBy(() -> in.read(READ_TIMEOUT));
	}

	@Test
	void writerFirstWaitsForTheReader() throws Exception {
		try (WritePipeEnd out = new WritePipeEnd(this.pipe, this.codec)) {
			AtomicReference<Thread> opener = new AtomicReference<>();
			CompletableFuture<Void> opened = runAsync(opener, () -> out.open(Duration.ofSeconds(10)));
			await().until(() -> isPolling(opener.get()));
			assertThat(opened).isNotDone();
			try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open()) {
				opened.get();
				out.write(utf8("hello"));
				assertThat(in.read(READ_TIMEOUT)).isEqualTo(utf8("hello"));
			}
		}
	}

	@Test
	void longLivedReaderSeesWritersComeAndGo() throws Exception {
		try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open()) {
			RecordingListener listener = new RecordingListener();
			for (int writer = 1; writer <= 3; writer++) {
				try (WritePipeEnd out = new WritePipeEnd(this.pipe, this.codec).open(Duration.ofSeconds(5))) {
					out.write(utf8("hello " + writer));
					out.write(utf8("bye " + writer));
				}
				String disconnected = "disconnected " + writer;
				receiveUntil(in, listener, () -> listener.events().contains(disconnected));
			}
			assertThat(listener.events()).containsExactly("connected 1", "hello 1", "bye 1", "disconnected 1",
					"connected 2", "hello 2", "bye 2", "disconnected 2", "connected 3", "hello 3", "bye 3",
					"disconnected 3");
			assertThat(in.isOpen()).isTrue();
		}
	}

	@Test
	void closeCancelsAWriteEndWaitingForAReader() throws Exception {
		WritePipeEnd out = new WritePipeEnd(this.pipe, this.codec);
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		Thread opener = start("waiting-writer", () -> out.open(Duration.ofSeconds(30)), outcome);
		await().until(() -> isPolling(opener));
		out.close();
		withinCancelBound().until(() -> !opener.isAlive());
		assertThat(outcome.get()).isInstanceOf(PipeClosedException.class);
		assertThat(out.isOpen()).isFalse();
	}

	@Test
	void closeCancelsABlockedRead() throws Exception {
		ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open();
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		Thread reader = start("blocked-reader", in::read, outcome);
		await().until(() -> isPolling(reader));
		in.close();
		withinCancelBound().until(() -> !reader.isAlive());
		assertThat(outcome.get()).isInstanceOf(PipeClosedException.class);
	}

	@Test
	void openWithNoReaderTimesOut() throws Exception {
		WritePipeEnd out = new WritePipeEnd(this.pipe, this.codec);
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> out.open(Duration.ofMillis(200)))
			.satisfies((ex) -> assertThat(ex.pipeName()).isEqualTo("orders"));
		assertThat(out.isOpen()).isFalse();
	}

	@Test
	void writingWhenTheReaderHasGoneIsABrokenPipe() throws Exception {
		ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open();
		try (WritePipeEnd out = new WritePipeEnd(this.pipe, this.codec).open(Duration.ofSeconds(5))) {
			out.write(utf8("delivered"));
			assertThat(in.read(READ_TIMEOUT)).isEqualTo(utf8("delivered"));
			in.close();
			assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(() -> out.write(utf8("lost")));
		}
	}

	@Test
	void concurrentSendersOfOneMebibyteFramesNeverInterleave() throws Exception {
		int framesPerSender = 16;
		int size = 1024 * 1024;
		try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open();
				WritePipeEnd out = new WritePipeEnd(this.pipe, this.codec).open(Duration.ofSeconds(5))) {
			List<CompletableFuture<Void>> senders = new ArrayList<>();
			for (int sender = 0; sender < 2; sender++) {
				int id = sender;
				senders.add(CompletableFuture.runAsync(() -> {
					for (int frame = 0; frame < framesPerSender; frame++) {
						try {
							out.write(payload(id, frame, size));
						}
						catch (Exception ex) {
							throw new CompletionException(ex);
						}
					}
				}, this.executor));
			}
			RecordingListener listener = new RecordingListener();
			List<byte[]> received = Collections.synchronizedList(new ArrayList<>());
			listener.payloads = received;
			receiveUntil(in, listener, () -> received.size() == 2 * framesPerSender || !listener.errors.isEmpty());
			// On failure, leaving this block closes the write end, which ends any sender blocked on a full pipe.
			assertThat(listener.errors).isEmpty();
			CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
			int[] nextFrame = new int[2];
			for (byte[] message : received) {
				int id = message[0];
				assertThat(message).as("frame %d of sender %d", nextFrame[id], id)
					.isEqualTo(payload(id, nextFrame[id], size));
				nextFrame[id]++;
			}
			assertThat(nextFrame).containsExactly(framesPerSender, framesPerSender);
		}
	}

	@Test
	void aRejectedFrameIsReportedAndTheNextMessageStillArrives() throws Exception {
		Base64Codec base64 = new Base64Codec();
		try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, base64).open(); PipeOutput raw = openRawOutput()) {
			raw.write(ByteBuffer.wrap("not*base64\0".getBytes(StandardCharsets.US_ASCII)));
			raw.write(ByteBuffer.wrap(base64.encode(utf8("good"))));
			assertThatExceptionOfType(InvalidBase64Exception.class).isThrownBy(() -> in.read(READ_TIMEOUT))
				.satisfies((ex) -> assertThat(ex.pipeName()).isEqualTo("orders"));
			assertThat(in.read(READ_TIMEOUT)).isEqualTo(utf8("good"));
		}
	}

	@Test
	void aWriterLeavingMidFrameIsReportedAndTheNextWriterIsServed() throws Exception {
		try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open()) {
			byte[] frame = this.codec.encode(utf8("cut short"));
			try (PipeOutput raw = openRawOutput()) {
				raw.write(ByteBuffer.wrap(frame, 0, frame.length - 3));
			}
			assertThatExceptionOfType(TruncatedFrameException.class).isThrownBy(() -> in.read(READ_TIMEOUT));
			try (WritePipeEnd out = new WritePipeEnd(this.pipe, this.codec).open(Duration.ofSeconds(5))) {
				out.write(utf8("next writer"));
			}
			assertThat(in.read(READ_TIMEOUT)).isEqualTo(utf8("next writer"));
		}
	}

	@Test
	void anUntrustworthyLengthCostsOnlyItsOwnBytesNotTheWritersNextFrames() throws Exception {
		try (ReadPipeEnd in = new ReadPipeEnd(this.pipe, this.codec).open()) {
			try (PipeOutput raw = openRawOutput()) {
				ByteBuffer hostile = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
				hostile.putInt(-1).putInt(-9).flip();
				raw.write(hostile);
				raw.write(ByteBuffer.wrap(this.codec.encode(utf8("the same writer's next frame"))));
			}
			RecordingListener listener = new RecordingListener();
			receiveUntil(in, listener, () -> listener.events().contains("disconnected 1"));
			assertThat(listener.errors).first().isInstanceOf(FrameTooLargeException.class);
			assertThat(listener.events()).containsExactly("connected 1", "the same writer's next frame", "disconnected 1");
		}
	}

	private PipeOutput openRawOutput() throws PipeException {
		PipeOutput raw = this.pipe.backend().newOutput(this.pipe.name(), this.pipe.path(), null, this.pipe.options());
		raw.open(Duration.ofSeconds(5));
		return raw;
	}

	private static byte[] payload(int sender, int frame, int size) {
		byte[] payload = new byte[size];
		new Random(sender * 1000L + frame).nextBytes(payload);
		payload[0] = (byte) sender;
		return payload;
	}

	private static void receiveUntil(ReadPipeEnd in, PipeMessageListener listener,
			java.util.function.BooleanSupplier done) throws Exception {
		long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
		while (!done.getAsBoolean()) {
			assertThat(System.nanoTime() - deadline).as("receiving timed out").isNegative();
			in.receive(listener, Duration.ofMillis(100));
		}
	}

	private CompletableFuture<Void> runAsync(AtomicReference<Thread> thread, ThrowingRunnable action) {
		return CompletableFuture.runAsync(() -> {
			thread.set(Thread.currentThread());
			try {
				action.run();
			}
			catch (Exception ex) {
				throw new CompletionException(ex);
			}
		}, this.executor);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Records writer events and messages (as text) in order. */
	private static final class RecordingListener implements PipeMessageListener {

		private final List<String> events = new ArrayList<>();

		final List<FrameException> errors = new ArrayList<>();

		List<byte[]> payloads;

		@Override
		public void onMessage(byte[] payload) {
			if (this.payloads != null) {
				this.payloads.add(payload);
			}
			else {
				this.events.add(new String(payload, StandardCharsets.UTF_8));
			}
		}

		@Override
		public void onError(FrameException error) {
			this.errors.add(error);
		}

		@Override
		public void onWriterConnected(long connectionId) {
			this.events.add("connected " + connectionId);
		}

		@Override
		public void onWriterDisconnected(long connectionId) {
			this.events.add("disconnected " + connectionId);
		}

		List<String> events() {
			return this.events;
		}

	}

}
