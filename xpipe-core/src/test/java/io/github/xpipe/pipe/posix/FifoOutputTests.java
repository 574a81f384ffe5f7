package io.github.xpipe.pipe.posix;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.pipe.BrokenPipeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A {@link FifoOutput} whose reader goes away, whose FIFO is replaced, and whose large writes share
 * the FIFO with other writers.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class FifoOutputTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private PeerFifo fifo;

	@BeforeEach
	void fifo() throws Exception {
		this.fifo = new PeerFifo(this.temp, "out");
		RawFifo.make(this.fifo.path);
	}

	@Test
	void whenTheReaderGoesAwayTheDescriptorIsClosedSoTheNextReaderGetsNothingStale() throws Exception {
		int reader = RawFifo.openReader(this.fifo.path);
		try (FifoOutput output = newOutput()) {
			output.open(Duration.ofSeconds(5));
			output.write(bytes("left unread by a reader that crashed"));
			RawFifo.close(reader);
			await().atMost(PATIENCE).until(() -> output.connection() == null);

			int next = RawFifo.openReader(this.fifo.path);
			try {
				assertThat(LibC.bytesUnread(next)).as("the kernel dropped what the departed reader left").isZero();
				output.write(bytes("fresh"));
				assertThat(RawFifo.readNow(next)).isEqualTo("fresh");
			}
			finally {
				RawFifo.close(next);
			}
		}
	}

	@Test
	void aWriteThatFindsTheReaderGoneWaitsForTheNextOneWithinTheOpenTimeout() throws Exception {
		int reader = RawFifo.openReader(this.fifo.path);
		try (FifoOutput output = newOutput()) {
			output.open(Duration.ofSeconds(30));
			RawFifo.close(reader);
			await().atMost(PATIENCE).until(() -> output.connection() == null);
			Writing write = new Writing(output, bytes("after the restart"));
			await().atMost(PATIENCE).until(() -> write.isDone() || FifoFixtures.isPolling(write.thread));
			assertThat(write.isDone()).as("no reader yet: the write waits for one").isFalse();
			int next = RawFifo.openReader(this.fifo.path);
			try {
				write.await();
				await().atMost(PATIENCE).until(() -> LibC.bytesUnread(next) > 0);
				assertThat(RawFifo.readNow(next)).isEqualTo("after the restart");
			}
			finally {
				RawFifo.close(next);
			}
		}
	}

	@Test
	void aWriteWithNoReaderWithinTheOpenTimeoutIsABrokenPipe() throws Exception {
		int reader = RawFifo.openReader(this.fifo.path);
		try (FifoOutput output = newOutput()) {
			output.open(Duration.ofMillis(200));
			RawFifo.close(reader);
			assertThatExceptionOfType(BrokenPipeException.class).isThrownBy(() -> output.write(bytes("lost")))
				.withMessageContaining("went away")
				.withMessageContaining("nothing of this write reached a reader");
		}
	}

	@Test
	void aReplacedFifoIsOpenedAgainBeforeTheNextWrite() throws Exception {
		int oldReader = RawFifo.openReader(this.fifo.path);
		int newReader = -1;
		try (FifoOutput output = newOutput()) {
			output.open(Duration.ofSeconds(5));
			FifoConnection first = output.connection();
			output.write(bytes("to the old FIFO"));
			FileIdentity replacement = RawFifo.replace(this.fifo.path);
			newReader = RawFifo.openReader(this.fifo.path);
			await().atMost(PATIENCE).until(() -> output.connection() != first);
			output.write(bytes("to the new FIFO"));
			assertThat(output.connection().identity.sameFileAs(replacement)).isTrue();
			assertThat(RawFifo.readNow(oldReader)).isEqualTo("to the old FIFO");
			assertThat(RawFifo.readNow(newReader)).isEqualTo("to the new FIFO");
		}
		finally {
			RawFifo.close(oldReader);
			RawFifo.close(newReader);
		}
	}

	@Test
	void writesOverPipeBufHoldTheFifoLockAndSmallerOnesDoNot() throws Exception {
		int reader = RawFifo.openReader(this.fifo.path);
		int lockHolder = RawFifo.openReader(this.fifo.path);
		try (FifoOutput output = newOutput()) {
			output.open(Duration.ofSeconds(5));
			assertThat(LibC.flock(lockHolder, LibC.LOCK_EX)).as("another writer process holds the lock").isZero();
			output.write(bytes("small"));
			assertThat(RawFifo.readNow(reader)).as("a write up to PIPE_BUF takes no lock").isEqualTo("small");

			byte[] large = new byte[LibC.PIPE_BUF + 1];
			Arrays.fill(large, (byte) 'L');
			Writing write = new Writing(output, ByteBuffer.wrap(large));
			await().atMost(PATIENCE).until(() -> write.isDone() || FifoFixtures.isPolling(write.thread));
			assertThat(write.isDone()).as("waits for the lock").isFalse();
			assertThat(LibC.bytesUnread(reader)).as("nothing of it written while another holds the lock").isZero();
			LibC.flock(lockHolder, LibC.LOCK_UN);
			write.await();
			assertThat(LibC.bytesUnread(reader)).isEqualTo(large.length);
		}
		finally {
			RawFifo.close(reader);
			RawFifo.close(lockHolder);
		}
	}

	@Test
	void everyOpenEndIsWatchedAndAClosedOneNoLonger() throws Exception {
		int reader = RawFifo.openReader(this.fifo.path);
		try {
			FifoOutput output = newOutput();
			output.open(Duration.ofSeconds(5));
			assertThat(FifoWriteWatcher.instance().isWatching(output)).isTrue();
			output.close();
			assertThat(FifoWriteWatcher.instance().isWatching(output)).isFalse();
			assertThat(output.connection()).isNull();
		}
		finally {
			RawFifo.close(reader);
		}
	}

	/** A write in a thread of its own. */
	private static final class Writing {

		final Thread thread;

		private final CompletableFuture<Void> done = new CompletableFuture<>();

		Writing(FifoOutput output, ByteBuffer source) {
			this.thread = new Thread(() -> {
				try {
					output.write(source);
					this.done.complete(null);
				}
				catch (Throwable ex) {
					this.done.completeExceptionally(ex);
				}
			}, "writing");
			this.thread.start();
		}

		boolean isDone() {
			return this.done.isDone();
		}

		void await() throws Exception {
			this.done.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
		}

	}

	private FifoOutput newOutput() {
		return (FifoOutput) this.fifo.newOutput();
	}

	private static ByteBuffer bytes(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
