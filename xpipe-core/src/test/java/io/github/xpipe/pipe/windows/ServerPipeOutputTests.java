package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;

import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The connect and write state machine of an outbound server pipe, and the overlapped writes every
 * output shares, driven with a recording fake.
 */
class ServerPipeOutputTests extends FakePipeOutputSupport {

	@Test
	void openWaitsForAReaderToConnect() throws Exception {
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(FIRST), 0, null));
		open(TestPipes.outbound(), Duration.ofSeconds(5));
		assertThat(this.win32.allCalls()).endsWith("ConnectNamedPipe(256)", "GetOverlappedResult(256, wait=false)");
	}

	@Test
	void aReaderConnectedBeforeConnectNamedPipeIsServedAtOnce() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		open(TestPipes.outbound(), Duration.ofSeconds(5));
		assertThat(this.win32.waitCount()).isZero();
	}

	@Test
	void aReaderThatCameAndWentIsDisconnectedAndTheNextOneAwaited() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_NO_DATA);
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(FIRST), 0, null));
		open(TestPipes.outbound(), Duration.ofSeconds(5));
		assertThat(this.win32.allCalls()).containsSubsequence("ConnectNamedPipe(256)", "DisconnectNamedPipe(256)",
				"ConnectNamedPipe(256)", "GetOverlappedResult(256, wait=false)");
	}

	@Test
	void noReaderInTimeCancelsTheConnectAndWaitsForTheCancellationBeforeFailing() throws Exception {
		PipeOptions options = TestPipes.outbound();
		this.created = this.backend.create("replies", PATH, options);
		this.output = this.backend.newOutput("replies", PATH, this.created, options);
		assertThatExceptionOfType(PipeTimeoutException.class).isThrownBy(() -> this.output.open(Duration.ofMillis(30)))
			.withMessageContaining("no reader connected to " + PATH + " within PT0.03S");
		assertThat(this.win32.allCalls()).endsWith("CancelIoEx(256)", "GetOverlappedResult(256, wait=true)");
	}

	@Test
	void anUnexpectedConnectErrorNamesTheCode() {
		this.win32.script.connectResults.add(6);
		assertThatExceptionOfType(PipeException.class)
			.isThrownBy(() -> open(TestPipes.outbound(), Duration.ofSeconds(1)))
			.withMessageContaining("ConnectNamedPipe on " + PATH + " failed: Win32 error 6");
	}

	@Test
	void writesEveryByteThroughNativeBuffersInChunksOfAtMostOneMebibyte() throws Exception {
		connected(TestPipes.outbound());
		byte[] payload = new byte[3 * 1024 * 1024 + 5];
		new Random(7).nextBytes(payload);
		this.output.write(ByteBuffer.wrap(payload));
		assertThat(this.win32.calls("WriteFile")).containsExactly("WriteFile(256, 1048576)", "WriteFile(256, 1048576)",
				"WriteFile(256, 1048576)", "WriteFile(256, 5)");
		assertThat(this.win32.writtenTo(FIRST)).isEqualTo(payload);
	}

	@Test
	void batchesMayFillSixtyFourKibibytesBecauseTheInstanceHasNoOtherWriter() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		NamedPipe pipe = NamedPipe.of("replies", TestPipes.outbound(), this.backend).create();
		try (WritePipeEnd end = new WritePipeEnd(pipe, new LengthCrc32Codec())) {
			assertThat(pipe.options().singleWriter()).isFalse();
			end.open(Duration.ofSeconds(1));
			assertThat(end.batchLimit()).isEqualTo(WritePipeEnd.SINGLE_WRITER_BATCH_LIMIT).isEqualTo(64 * 1024);
		}
		finally {
			pipe.delete();
		}
	}

	@Test
	void aPendingWriteIsAwaitedAndAPartialOneContinued() throws Exception {
		connected(TestPipes.outbound());
		this.win32.script.writeResults.add(new int[] { WinError.ERROR_SUCCESS, 2 });
		this.win32.script.writeResults.add(WinError.ERROR_IO_PENDING);
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(FIRST), 0, null));
		ByteBuffer source = ByteBuffer.wrap("hello".getBytes());
		this.output.write(source);
		assertThat(source.hasRemaining()).isFalse();
		assertThat(this.win32.calls("WriteFile")).containsExactly("WriteFile(256, 5)", "WriteFile(256, 3)");
		assertThat(new String(this.win32.writtenTo(FIRST))).isEqualTo("hello");
	}

	@ParameterizedTest
	@ValueSource(ints = { WinError.ERROR_NO_DATA, WinError.ERROR_BROKEN_PIPE, WinError.ERROR_PIPE_NOT_CONNECTED })
	void aGoneReaderIsABrokenPipe(int code) throws Exception {
		connected(TestPipes.outbound());
		this.win32.script.writeResults.add(code);
		assertThatExceptionOfType(BrokenPipeException.class)
			.isThrownBy(() -> this.output.write(ByteBuffer.wrap("hello".getBytes())))
			.withMessageContaining("Win32 error " + code)
			.satisfies((ex) -> assertThat(ex.pipeName()).isEqualTo("replies"));
	}

	@Test
	void aGoneReaderReportedWhenAPendingWriteCompletesIsABrokenPipeToo() throws Exception {
		connected(TestPipes.outbound());
		this.win32.script.writeResults.add(WinError.ERROR_IO_PENDING);
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(FIRST), WinError.ERROR_NO_DATA, null));
		assertThatExceptionOfType(BrokenPipeException.class)
			.isThrownBy(() -> this.output.write(ByteBuffer.wrap("hello".getBytes())));
	}

	@Test
	void anUnexpectedWriteErrorNamesTheCode() throws Exception {
		connected(TestPipes.outbound());
		this.win32.script.writeResults.add(1450); // ERROR_NO_SYSTEM_RESOURCES
		assertThatExceptionOfType(PipeException.class)
			.isThrownBy(() -> this.output.write(ByteBuffer.wrap("hello".getBytes())))
			.isNotInstanceOf(BrokenPipeException.class)
			.withMessageContaining("WriteFile on " + PATH + " failed: Win32 error 1450");
	}

	@Test
	void closingKeepsUnreadDataReadableAndTheNameReservedWithAFreshInstance() throws Exception {
		connected(TestPipes.outbound());
		this.output.write(ByteBuffer.wrap("last words".getBytes()));
		this.output.close();
		// no DisconnectNamedPipe: it would discard what the reader has not read yet
		assertThat(this.win32.calls("DisconnectNamedPipe")).isEmpty();
		assertThat(this.win32.allCalls()).endsWith(
				"CreateNamedPipe(" + PATH + ", openMode=0x40000002, pipeMode=0x00000008, maxInstances=255, "
						+ "out=1048576, in=1048576, sddl=D:P(A;;GA;;;SY)(A;;GA;;;" + RecordingWin32Pipes.USER_SID + "))",
				"CloseHandle(256)");
		assertThat(this.win32.openPipes()).hasSize(1).doesNotContain(FIRST);
	}

	@Test
	void withASingleInstanceAllowedTheNameIsClaimedAgainAsAFirstInstance() throws Exception {
		connected(TestPipes.outbound().withMaxInstances(1));
		this.win32.script.createNamedPipeErrors.add(WinError.ERROR_PIPE_BUSY);
		this.output.close();
		assertThat(this.win32.allCalls()).endsWith("CloseHandle(256)",
				"CreateNamedPipe(" + PATH + ", openMode=0x40080002, pipeMode=0x00000008, maxInstances=1, "
						+ "out=1048576, in=1048576, sddl=D:P(A;;GA;;;SY)(A;;GA;;;" + RecordingWin32Pipes.USER_SID + "))");
	}

	@Test
	void closeEndsABlockedWriteAfterCancellingIt() throws Exception {
		connected(TestPipes.outbound());
		this.win32.script.writeResults.add(WinError.ERROR_IO_PENDING);
		assertCloseEndsBlockedCall(() -> this.output.write(ByteBuffer.wrap(new byte[100])),
				() -> this.win32.waitCount() >= 1, this.output);
		assertThat(this.win32.allCalls()).containsSubsequence("WriteFile(256, 100)", "CancelIoEx(256)",
				"GetOverlappedResult(256, wait=true)", "CloseHandle(256)");
	}

	@Test
	void closeEndsAnOpenWaitingForAReader() throws Exception {
		PipeOptions options = TestPipes.outbound();
		this.created = this.backend.create("replies", PATH, options);
		this.output = this.backend.newOutput("replies", PATH, this.created, options);
		assertCloseEndsBlockedCall(() -> this.output.open(Duration.ofMinutes(1)),
				() -> this.win32.waitCount() >= 1, this.output);
		// the listening instance goes back to the created pipe, disconnected
		assertThat(this.win32.allCalls()).endsWith("CancelIoEx(256)", "GetOverlappedResult(256, wait=true)",
				"DisconnectNamedPipe(256)");
		assertThat(this.win32.openPipes()).containsExactly(FIRST);
	}

	private void open(PipeOptions options, Duration timeout) throws PipeException {
		this.created = this.backend.create("replies", PATH, options);
		this.output = this.backend.newOutput("replies", PATH, this.created, options);
		this.output.open(timeout);
	}

	private void connected(PipeOptions options) throws PipeException {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		open(options, Duration.ofSeconds(1));
	}

}
