package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeNotFoundException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.pipe.spi.PipeEnd;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The client side: connecting with WaitNamedPipe and retries, reading and reconnecting, cancelling. */
class ClientPipeEndsTests extends FakeWin32Support {

	private static final String PATH = "\\\\.\\pipe\\orders";

	private final RecordingSink sink = new RecordingSink();

	private PipeEnd end;

	@AfterEach
	void closeAndCheckNothingLeaks() {
		if (this.end != null) {
			this.end.close();
		}
		assertNothingLeaks();
	}

	@Test
	void allInstancesBusyWaitsInWaitNamedPipeThenConnects() throws Exception {
		this.win32.script.createFileErrors.add(WinError.ERROR_PIPE_BUSY);
		this.win32.script.createFileErrors.add(WinError.ERROR_PIPE_BUSY);
		this.win32.script.waitNamedPipeResults.add(WinError.ERROR_SEM_TIMEOUT);
		this.win32.script.waitNamedPipeResults.add(WinError.ERROR_SUCCESS);
		output().open(Duration.ofSeconds(5));
		assertThat(this.win32.allCalls()).containsExactly(
				"CreateFile(" + PATH + ", access=0x40000000, flags=0x40110000)", "WaitNamedPipe(" + PATH + ", 50)",
				"CreateFile(" + PATH + ", access=0x40000000, flags=0x40110000)", "WaitNamedPipe(" + PATH + ", 50)",
				"CreateFile(" + PATH + ", access=0x40000000, flags=0x40110000)");
	}

	@Test
	void aPipeWhoseLastInstanceClosedDuringWaitNamedPipeIsTriedAgain() throws Exception {
		this.win32.script.createFileErrors.add(WinError.ERROR_PIPE_BUSY);
		this.win32.script.createFileErrors.add(WinError.ERROR_FILE_NOT_FOUND);
		// Windows reports the name gone; Wine ERROR_HANDLES_CLOSED
		this.win32.script.waitNamedPipeResults.add(WinError.ERROR_HANDLES_CLOSED);
		output().open(Duration.ofSeconds(5));
		assertThat(this.win32.calls("CreateFile")).hasSize(3);
	}

	@Test
	void aMessageReaderDeliversAMessageLongerThanItsBufferPieceByPieceInOrder() throws Exception {
		this.win32.script.pipeFlags = WinBase.PIPE_TYPE_MESSAGE;
		PipeInput input = this.backend.newInput("orders", PATH, null,
				PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE).withReadBufferSize(4));
		this.end = input;
		input.open(Duration.ofSeconds(1));
		this.win32.script.readResults.add(WinError.ERROR_MORE_DATA);
		this.win32.script.readResults.add(WinError.ERROR_MORE_DATA);
		this.win32.script.readResults.add("end".getBytes());
		while (this.sink.events.size() < 4) {
			assertThat(input.read(this.sink, TimeUnit.SECONDS.toNanos(1))).isTrue();
		}
		assertThat(this.sink.events).containsExactly("connected 1", "data 1 mmmm", "data 1 mmmm", "data 1 end");
		assertThat(this.win32.allCalls()).contains("SetNamedPipeHandleState(" + this.win32.lastPipe + ", mode=0x00000002)");
	}

	@Test
	void staysBusyUntilTheTimeoutThenTimesOut() {
		this.win32.script.createFileDefault = WinError.ERROR_PIPE_BUSY;
		this.win32.script.waitNamedPipeDefault = WinError.ERROR_SEM_TIMEOUT;
		assertThatExceptionOfType(PipeTimeoutException.class)
			.isThrownBy(() -> output().open(Duration.ofMillis(120)))
			.withMessageContaining("every instance of " + PATH + " stayed busy for PT0.12S");
		assertThat(this.win32.calls("WaitNamedPipe"))
			.allSatisfy((call) -> assertThat(Integer.parseInt(call.replaceAll(".*, (\\d+)\\)", "$1")))
				.isBetween(0, WindowsPipeEnd.UNCANCELLABLE_SLICE_MILLIS));
	}

	@Test
	void aServerNotUpYetIsWaitedForWithoutWaitNamedPipe() throws Exception {
		this.win32.script.createFileErrors.add(WinError.ERROR_FILE_NOT_FOUND);
		this.win32.script.createFileErrors.add(WinError.ERROR_FILE_NOT_FOUND);
		output().open(Duration.ofSeconds(5));
		assertThat(this.win32.calls("CreateFile")).hasSize(3);
		assertThat(this.win32.calls("WaitNamedPipe")).isEmpty();
		// the pauses in between were waits on the cancel event, which close() interrupts
		assertThat(this.win32.waitCount()).isEqualTo(2);
	}

	@Test
	void aServerThatNeverAppearsIsATimeoutCausedByNotFound() {
		this.win32.script.createFileDefault = WinError.ERROR_FILE_NOT_FOUND;
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> output().open(Duration.ofMillis(60)))
			.withMessageContaining("no server created " + PATH + " within PT0.06S")
			.withCauseInstanceOf(PipeNotFoundException.class);
	}

	@Test
	void aServerThatDoesNotAdmitUsIsAClearError() {
		this.win32.script.createFileErrors.add(WinError.ERROR_ACCESS_DENIED);
		assertThatExceptionOfType(PipeException.class).isThrownBy(() -> output().open(Duration.ofSeconds(1)))
			.withMessageContaining("access to " + PATH + " denied");
	}

	@Test
	void closeEndsAClientWaitingForAServer() throws Exception {
		this.win32.script.createFileDefault = WinError.ERROR_FILE_NOT_FOUND;
		PipeOutput output = output();
		assertCloseEndsBlockedCall(() -> output.open(Duration.ofMinutes(1)), () -> this.win32.waitCount() >= 3, output);
	}

	@Test
	void aClientReaderReportsItsConnectionDataAndTheWriterLeavingThenReconnects() throws Exception {
		PipeInput input = input();
		input.open(Duration.ofSeconds(1));
		this.win32.script.readResults.add("hello".getBytes());
		this.win32.script.readResults.add(WinError.ERROR_BROKEN_PIPE);
		long timeout = TimeUnit.SECONDS.toNanos(1);
		while (this.sink.events.size() < 3) {
			assertThat(input.read(this.sink, timeout)).isTrue();
		}
		assertThat(this.win32.calls("CloseHandle")).containsExactly("CloseHandle(" + this.win32.lastPipe + ")");
		// the next read connects to the server's next writer
		this.win32.script.readResults.add(WinError.ERROR_IO_PENDING);
		assertThat(input.read(this.sink, timeout)).isTrue();
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(this.win32.lastPipe), WinError.ERROR_MORE_DATA,
				"again".getBytes()));
		assertThat(input.read(this.sink, timeout)).isTrue();
		assertThat(this.sink.events).containsExactly("connected 1", "data 1 hello", "disconnected 1", "connected 2",
				"data 2 again");
		assertThat(this.win32.calls("CreateFile")).containsOnly(
				"CreateFile(" + PATH + ", access=0x80000000, flags=0x40110000)").hasSize(2);
	}

	@Test
	void aClientReaderWaitingForTheServerToComeBackTimesOutQuietly() throws Exception {
		PipeInput input = input();
		input.open(Duration.ofSeconds(1));
		this.win32.script.readResults.add(WinError.ERROR_PIPE_NOT_CONNECTED);
		while (this.sink.events.size() < 2) {
			input.read(this.sink, TimeUnit.SECONDS.toNanos(1));
		}
		this.win32.script.createFileDefault = WinError.ERROR_FILE_NOT_FOUND;
		assertThat(input.read(this.sink, TimeUnit.MILLISECONDS.toNanos(30))).isFalse();
		assertThat(this.sink.events).containsExactly("connected 1", "disconnected 1");
	}

	@Test
	void closeEndsABlockedClientReadAfterCancellingIt() throws Exception {
		PipeInput input = input();
		input.open(Duration.ofSeconds(1));
		input.read(this.sink, 0);
		CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
			try {
				return input.read(this.sink, Long.MAX_VALUE);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.win32.waitCount() >= 1);
		input.close();
		await().atMost(Duration.ofSeconds(1)).until(blocked::isDone);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(blocked::get)
			.havingRootCause()
			.isInstanceOf(PipeClosedException.class);
		long handle = this.win32.lastPipe;
		assertThat(this.win32.allCalls()).endsWith("CancelIoEx(" + handle + ")",
				"GetOverlappedResult(" + handle + ", wait=true)", "CloseHandle(" + handle + ")");
	}

	@Test
	void aClientWriterWritesAndClosesItsHandle() throws Exception {
		PipeOutput output = output();
		output.open(Duration.ofSeconds(1));
		output.write(ByteBuffer.wrap("hello".getBytes()));
		output.close();
		assertThat(new String(this.win32.writtenTo(this.win32.lastPipe))).isEqualTo("hello");
		assertThat(output.atomicWriteLimit()).as("a client handle is its instance's only writer")
			.isEqualTo(WritePipeEnd.SINGLE_WRITER_BATCH_LIMIT);
		assertThat(this.win32.allCalls()).endsWith("CloseHandle(" + this.win32.lastPipe + ")");
	}

	private PipeOutput output() {
		PipeOutput output = this.backend.newOutput("orders", PATH, null, PipeOptions.defaults());
		this.end = output;
		return output;
	}

	private PipeInput input() {
		PipeInput input = this.backend.newInput("orders", PATH, null, PipeOptions.defaults());
		this.end = input;
		return input;
	}

}
