package io.github.xpipe.pipe.posix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.github.xpipe.pipe.ReadEndStatus;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.ReaderStandby;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link FifoInput} whose FIFO is removed or replaced by another process (as a peer that deletes
 * and re-creates it between uses does), or that already holds bytes when opened.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class FifoInputReplacementTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private PeerFifo fifo;

	@BeforeEach
	void paths() {
		this.fifo = new PeerFifo(this.temp, "peer-fifo");
	}

	@Test
	void aFifoDeletedAndCreatedAgainIsFollowedWithoutAnyWriterTraffic() throws Exception {
		FileIdentity first = RawFifo.make(this.fifo.path);
		RecordingSink sink = new RecordingSink();
		try (PipeInput input = this.fifo.newInput(null)) {
			input.open(Duration.ZERO);
			int writer = RawFifo.tryOpenWriter(this.fifo.path);
			RawFifo.write(writer, "one");
			readUntil(input, sink, () -> sink.text().equals("one"));
			RawFifo.close(writer);
			readUntil(input, sink, () -> sink.events().contains("disconnected 1"));

			FileIdentity second = RawFifo.replace(this.fifo.path);
			assertThat(second.sameFileAs(first)).isFalse();
			// the peer's next writer can open the new FIFO only once the read end opened it
			int[] next = { -1 };
			readUntil(input, sink, () -> (next[0] = RawFifo.tryOpenWriter(this.fifo.path)) >= 0);
			RawFifo.write(next[0], "two");
			RawFifo.close(next[0]);
			readUntil(input, sink, () -> sink.events().contains("disconnected 2"));

			assertThat(sink.text()).isEqualTo("onetwo");
			ReadEndStatus status = input.status();
			assertThat(status.state()).isEqualTo(ReadEndStatus.State.READING);
			assertThat(status.replacementsFollowed()).isEqualTo(1);
			assertThat(status.lastReplacement()).isNotNull();
		}
	}

	@Test
	void whatWritersLeftInTheReplacedFifoIsReadUntilTheyAreGone() throws Exception {
		RawFifo.make(this.fifo.path);
		RecordingSink sink = new RecordingSink();
		try (PipeInput input = this.fifo.newInput(null)) {
			input.open(Duration.ZERO);
			int oldWriter = RawFifo.tryOpenWriter(this.fifo.path);
			RawFifo.write(oldWriter, "a");
			readUntil(input, sink, () -> sink.text().equals("a"));
			RawFifo.replace(this.fifo.path);
			int[] newWriter = { -1 };
			readUntil(input, sink, () -> (newWriter[0] = RawFifo.tryOpenWriter(this.fifo.path)) >= 0);
			assertThat(input.status().drainingReplaced()).as("the old FIFO still has its writer").isTrue();
			RawFifo.write(oldWriter, "b");
			RawFifo.write(newWriter[0], "c");
			readUntil(input, sink, () -> new String(sink.bytes(1)).equals("ab") && new String(sink.bytes(2)).equals("c"));
			RawFifo.close(oldWriter);
			readUntil(input, sink, () -> sink.events().contains("disconnected 1"));
			assertThat(input.status().drainingReplaced()).as("the old FIFO, closed once its writer left").isFalse();
			RawFifo.close(newWriter[0]);
			readUntil(input, sink, () -> sink.events().contains("disconnected 2"));
			assertThat(sink.events()).containsExactly("connected 1", "connected 2", "disconnected 1", "disconnected 2");
		}
	}

	@Test
	void aRemovedFifoIsWaitedForAndReadAsSoonAsItAppears() throws Exception {
		RawFifo.make(this.fifo.path);
		RecordingSink sink = new RecordingSink();
		try (PipeInput input = this.fifo.newInput(null)) {
			input.open(Duration.ZERO);
			java.nio.file.Files.delete(this.fifo.path);
			readUntil(input, sink, () -> input.status().state() == ReadEndStatus.State.WAITING_FOR_PIPE);
			assertThat(input.status().detail()).isEqualTo("nothing at " + this.fifo.path);
			RawFifo.make(this.fifo.path);
			int[] writer = { -1 };
			readUntil(input, sink, () -> (writer[0] = RawFifo.tryOpenWriter(this.fifo.path)) >= 0);
			RawFifo.write(writer[0], "back");
			RawFifo.close(writer[0]);
			readUntil(input, sink, () -> sink.text().equals("back"));
			assertThat(input.status().state()).isEqualTo(ReadEndStatus.State.READING);
		}
	}

	@Test
	void withAStandbyAFifoThatDoesNotExistYetIsWaitedFor() throws Exception {
		RecordingSink sink = new RecordingSink();
		try (ReaderStandby standby = standby(); PipeInput input = this.fifo.newInput(standby)) {
			input.open(Duration.ZERO);
			assertThat(input.status().state()).isEqualTo(ReadEndStatus.State.WAITING_FOR_PIPE);
			RawFifo.make(this.fifo.path);
			int[] writer = { -1 };
			readUntil(input, sink, () -> (writer[0] = RawFifo.tryOpenWriter(this.fifo.path)) >= 0);
			RawFifo.write(writer[0], "first");
			RawFifo.close(writer[0]);
			readUntil(input, sink, () -> sink.text().equals("first"));
			assertThat(input.status().replacementsFollowed()).as("appearing is not a replacement").isZero();
		}
	}

	@Test
	void aFifoThatAlreadyHoldsBytesMayStartMidFrameAnEmptyOneMayNot() throws Exception {
		RawFifo.make(this.fifo.path);
		int keeper = RawFifo.openReader(this.fifo.path);
		int writer = RawFifo.tryOpenWriter(this.fifo.path);
		RecordingSink sink = new RecordingSink();
		try (PipeInput input = this.fifo.newInput(null)) {
			RawFifo.write(writer, "left by a reader that is gone");
			input.open(Duration.ZERO);
			RawFifo.close(keeper);
			readUntil(input, sink, () -> sink.text().equals("left by a reader that is gone"));
			RawFifo.close(writer);
			readUntil(input, sink, () -> sink.events().contains("disconnected 1"));
			int next = RawFifo.tryOpenWriter(this.fifo.path);
			RawFifo.write(next, "fresh");
			RawFifo.close(next);
			readUntil(input, sink, () -> sink.events().contains("disconnected 2"));
			assertThat(sink.mayStartMidFrame()).containsExactly(1L);
		}
		finally {
			RawFifo.close(writer);
		}
	}

	@Test
	void theStandbyHandsTheStreamToTheNextReadEndWithWhetherItStoppedBetweenFrames() throws Exception {
		RawFifo.make(this.fifo.path);
		try (ReaderStandby standby = standby()) {
			int writer = RawFifo.tryOpenWriter(this.fifo.path);
			assertThat(writer).as("the standby holds the FIFO open: a writer can open it").isNotNegative();
			try {
				RecordingSink between = new RecordingSink();
				between.betweenFrames(true);
				String afterBoundary = handOver(standby, writer, between, "whole", "next");
				assertThat(afterBoundary).as("after a read end that stopped between frames").isEmpty();

				RecordingSink inside = new RecordingSink();
				inside.betweenFrames(false);
				String afterMidFrame = handOver(standby, writer, inside, "half", "rest");
				assertThat(afterMidFrame).as("after a read end that stopped mid-frame").isEqualTo("mid-frame");
			}
			finally {
				RawFifo.close(writer);
			}
		}
	}

	@Test
	void theStandbyNeverPinsAReplacedFifo() throws Exception {
		RawFifo.make(this.fifo.path);
		try (ReaderStandby standby = standby()) {
			int oldWriter = RawFifo.tryOpenWriter(this.fifo.path);
			RawFifo.write(oldWriter, "left in the old FIFO");
			RawFifo.replace(this.fifo.path);
			RecordingSink sink = new RecordingSink();
			try (PipeInput input = this.fifo.newInput(standby)) {
				input.open(Duration.ZERO);
				int newWriter = RawFifo.tryOpenWriter(this.fifo.path);
				assertThat(newWriter).as("the read end opened the new FIFO at once").isNotNegative();
				RawFifo.write(newWriter, "new");
				RawFifo.close(newWriter);
				RawFifo.close(oldWriter);
				readUntil(input, sink, () -> sink.events().contains("disconnected 1") && sink.events().contains("disconnected 2"));
				assertThat(sink.text()).contains("left in the old FIFO").contains("new");
				assertThat(input.status().drainingReplaced()).isFalse();
			}
			FileIdentity atPath = FileIdentity.ofPath(this.fifo.path);
			assertThat(((FifoStandby) standby).heldIdentity()).as("the new FIFO, given back")
				.matches((held) -> held != null && held.sameFileAs(atPath));
		}
	}

	/** One read end takes the stream over from the standby, reads {@code first}, closes; a second reads {@code second}. */
	private String handOver(ReaderStandby standby, int writer, RecordingSink firstSink, String first, String second)
			throws Exception {
		try (PipeInput input = this.fifo.newInput(standby)) {
			input.open(Duration.ZERO);
			RawFifo.write(writer, first);
			readUntil(input, firstSink, () -> firstSink.text().equals(first));
		}
		RawFifo.write(writer, second);
		RecordingSink secondSink = new RecordingSink();
		try (PipeInput input = this.fifo.newInput(standby)) {
			input.open(Duration.ZERO);
			readUntil(input, secondSink, () -> secondSink.text().equals(second));
		}
		return secondSink.mayStartMidFrame().isEmpty() ? "" : "mid-frame";
	}

	private ReaderStandby standby() throws Exception {
		ReaderStandby standby = this.fifo.newReaderStandby();
		assertThat(standby).isNotNull();
		return standby;
	}

	private static void readUntil(PipeInput input, RecordingSink sink, BooleanSupplier done) throws Exception {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!done.getAsBoolean()) {
			assertThat(System.nanoTime()).as("reading timed out; events so far %s, status %s", sink.events(),
					input.status()).isLessThan(deadline);
			input.read(sink, Duration.ofMillis(100).toNanos());
		}
	}

}
