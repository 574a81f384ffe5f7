package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;
import java.time.Duration;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.BrokenPipeException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.PipeTimeoutException;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Writing to a message pipe, driven with a recording fake: one {@code WriteFile} per frame on a
 * connection of its own, a flush proving the reader read it before the connection is let go, and a
 * frame the reader left without reading written again to the next reader, never one it read.
 */
class MessagePipeOutputTests extends FakePipeOutputSupport {

	MessagePipeOutputTests() {
		this.win32.script.pipeFlags = WinBase.PIPE_TYPE_MESSAGE;
	}

	@Test
	void singleWriterBatchingIsRefusedForAMessagePipe() {
		PipeOptions message = PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE);
		assertThatIllegalArgumentException().isThrownBy(() -> message.withSingleWriter(true))
			.withMessageContaining("single-writer")
			.withMessageContaining("pipe-mode: message");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PipeOptions.defaults().withSingleWriter(true).withPipeMode(PipeMode.MESSAGE));
	}

	@Test
	void everyMessageIsOneWriteFileWhateverItsSizeOnAConnectionOfItsOwnClosedOnceTheReaderReadIt()
			throws Exception {
		client();
		long first = this.win32.lastPipe;
		this.output.write(ByteBuffer.wrap(new byte[3 * 1024 * 1024 + 5]));
		this.output.write(ByteBuffer.wrap("small".getBytes()));
		long second = this.win32.lastPipe;
		assertThat(this.output.atomicWriteLimit()).isEqualTo(1);
		assertThat(this.win32.allCalls()).containsSubsequence("WriteFile(" + first + ", 3145733)",
				"FlushFileBuffers(" + first + ")", "CloseHandle(" + first + ")",
				"CreateFile(" + PATH + ", access=0x40000080, flags=0x40110000)", "GetNamedPipeInfo(" + second + ")",
				"WriteFile(" + second + ", 5)", "FlushFileBuffers(" + second + ")", "CloseHandle(" + second + ")");
		assertThat(this.win32.calls("WriteFile")).hasSize(2);
	}

	@Test
	void aWriteEndHandsOverEveryFrameInAWriteOfItsOwnEvenWhenFramesQueueUp() throws Exception {
		for (int i = 0; i <= 20; i++) {
			this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		}
		PipeOptions options = TestPipes.outbound().withPipeMode(PipeMode.MESSAGE);
		NamedPipe pipe = NamedPipe.of("replies", options, this.backend).create();
		try (WritePipeEnd end = new WritePipeEnd(pipe, new LengthCrc32Codec())) {
			end.open(Duration.ofSeconds(1));
			assertThat(end.batchLimit()).isEqualTo(1);
			for (int i = 0; i < 20; i++) {
				end.enqueue(new byte[i]);
			}
			end.flush();
		}
		finally {
			pipe.delete();
		}
		// frames of 12 + i bytes, each alone in its WriteFile, each read before the next reader is served
		assertThat(this.win32.calls("WriteFile")).hasSize(20).allSatisfy((call) -> assertThat(call).matches(
				"WriteFile\\(256, (1[2-9]|2\\d|3[01])\\)"));
		assertThat(this.win32.calls("FlushFileBuffers")).hasSize(20);
		assertThat(this.win32.calls("DisconnectNamedPipe")).hasSizeGreaterThanOrEqualTo(20);
	}

	@ParameterizedTest
	@ValueSource(ints = { WinError.ERROR_NO_DATA, WinError.ERROR_BROKEN_PIPE, WinError.ERROR_PIPE_NOT_CONNECTED })
	void aClientWriteRefusedBecauseTheServerRecycledItsInstanceGoesToTheNextInstance(int code) throws Exception {
		client();
		long first = this.win32.lastPipe;
		this.win32.script.writeResults.add(code);
		this.output.write(ByteBuffer.wrap("hello".getBytes()));
		long next = this.win32.lastPipe;
		assertThat(next).isNotEqualTo(first);
		assertThat(this.win32.allCalls()).containsSubsequence("WriteFile(" + first + ", 5)", "CloseHandle(" + first + ")",
				"CreateFile(" + PATH + ", access=0x40000080, flags=0x40110000)", "GetNamedPipeInfo(" + next + ")",
				"WriteFile(" + next + ", 5)", "FlushFileBuffers(" + next + ")", "CloseHandle(" + next + ")");
		assertThat(this.win32.calls("FlushFileBuffers")).hasSize(1);
		assertThat(new String(this.win32.writtenTo(next))).isEqualTo("hello");
	}

	@Test
	void aReaderThatLeftBeforeReadingTheWholeMessageMakesTheServerGiveItToTheNextReader() throws Exception {
		server();
		this.win32.script.flushResults.add(WinError.ERROR_BROKEN_PIPE);
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(FIRST), 0, null));
		this.output.write(ByteBuffer.wrap("hello".getBytes()));
		assertThat(this.win32.allCalls()).containsSubsequence("WriteFile(256, 5)", "FlushFileBuffers(256)",
				"DisconnectNamedPipe(256)", "ConnectNamedPipe(256)", "WriteFile(256, 5)", "FlushFileBuffers(256)",
				"DisconnectNamedPipe(256)", "ConnectNamedPipe(256)");
		assertThat(new String(this.win32.writtenTo(FIRST))).isEqualTo("hellohello");
	}

	@Test
	void aWriteThatFailsForAnotherReasonIsNotWrittenAgain() throws Exception {
		client();
		this.win32.script.writeResults.add(1450); // ERROR_NO_SYSTEM_RESOURCES
		assertThatExceptionOfType(PipeException.class)
			.isThrownBy(() -> this.output.write(ByteBuffer.wrap("hello".getBytes())))
			.isNotInstanceOf(BrokenPipeException.class)
			.withMessageContaining("Win32 error 1450");
		assertThat(this.win32.calls("WriteFile")).hasSize(1);
		assertThat(this.win32.calls("CreateFile")).hasSize(1);
	}

	@Test
	void noNextReaderWithinTheOpenTimeoutIsATimeoutAndTheNextWriteWaitsAgain() throws Exception {
		this.output = this.backend.newOutput("replies", PATH, null, PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE));
		this.output.open(Duration.ofMillis(100));
		this.win32.script.writeResults.add(WinError.ERROR_NO_DATA);
		this.win32.script.createFileDefault = WinError.ERROR_FILE_NOT_FOUND;
		assertThatExceptionOfType(PipeTimeoutException.class)
			.isThrownBy(() -> this.output.write(ByteBuffer.wrap("hello".getBytes())))
			.withMessageContaining("no server created " + PATH + " within PT0.1S");
		this.win32.script.createFileDefault = WinError.ERROR_SUCCESS;
		this.output.write(ByteBuffer.wrap("again".getBytes()));
		assertThat(new String(this.win32.writtenTo(this.win32.lastPipe))).isEqualTo("again");
	}

	@Test
	void closeEndsAWriteWaitingForTheReaderToReadIt() throws Exception {
		client();
		this.win32.script.flushResults.add(Win32Script.BLOCK);
		assertCloseEndsBlockedCall(() -> this.output.write(ByteBuffer.wrap("unread".getBytes())),
				this.win32::isFlushBlocked, this.output);
		long handle = this.win32.lastPipe;
		assertThat(this.win32.allCalls()).containsSubsequence("FlushFileBuffers(" + handle + ")",
				"CancelIoEx(" + handle + ", NULL)", "CloseHandle(" + handle + ")");
	}

	@Test
	void aServerListensForTheNextReaderAsSoonAsAMessageWasReadAndGivesItsInstanceBackOnClose()
			throws Exception {
		server();
		this.output.write(ByteBuffer.wrap("read".getBytes()));
		assertThat(this.win32.allCalls()).endsWith("WriteFile(256, 4)", "GetOverlappedResult(256, wait=false)",
				"FlushFileBuffers(256)", "DisconnectNamedPipe(256)", "ConnectNamedPipe(256)");
		this.output.close();
		assertThat(this.win32.allCalls()).endsWith("CancelIoEx(256)", "GetOverlappedResult(256, wait=true)",
				"DisconnectNamedPipe(256)");
		assertThat(this.win32.openPipes()).containsExactly(FIRST);
	}

	@Test
	void aByteModeWriteIsNeverFlushed() throws Exception {
		this.win32.script.pipeFlags = WinBase.PIPE_TYPE_BYTE;
		this.output = this.backend.newOutput("replies", PATH, null, PipeOptions.defaults());
		this.output.open(Duration.ofSeconds(1));
		this.output.write(ByteBuffer.wrap("bytes".getBytes()));
		assertThat(this.win32.calls("FlushFileBuffers")).isEmpty();
		assertThat(this.win32.calls("GetNamedPipeInfo")).isEmpty();
	}

	private void client() throws PipeException {
		this.output = this.backend.newOutput("replies", PATH, null, PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE));
		this.output.open(Duration.ofSeconds(1));
	}

	private void server() throws PipeException {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		PipeOptions options = TestPipes.outbound().withPipeMode(PipeMode.MESSAGE);
		this.created = this.backend.create("replies", PATH, options);
		this.output = this.backend.newOutput("replies", PATH, this.created, options);
		this.output.open(Duration.ofSeconds(1));
	}

}
