package io.github.xpipe.pipe.windows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The accept and read state machine of an inbound server pipe, driven through every Win32 result a
 * real pipe produces with a recording fake. The fake's waits without a time-out block for good, so
 * a blocked call that ends after close() was woken by it; how fast is measured on real pipes, in
 * {@link WindowsPipeIntegrationTests}.
 */
class ServerPipeInputTests extends FakeWin32Support {

	private static final String PATH = "\\\\.\\pipe\\orders";

	private static final long FIRST = 0x100;

	private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(20);

	private static final long LONG = TimeUnit.SECONDS.toNanos(5);

	private final RecordingSink sink = new RecordingSink();

	private CreatedPipe created;

	private PipeInput input;

	@AfterEach
	void closeAndCheckNothingLeaks() throws Exception {
		if (this.input != null) {
			this.input.close();
		}
		if (this.created != null) {
			this.created.delete();
		}
		assertNothingLeaks();
	}

	@Test
	void listensAtOnceOnTwoInstancesAndReportsNothingUntilAWriterConnects() throws Exception {
		open(TestPipes.inbound());
		// a second listener, so that a writer connecting right after another finds an instance free
		assertThat(this.win32.calls("ConnectNamedPipe")).containsExactly("ConnectNamedPipe(256)",
				"ConnectNamedPipe(" + secondInstance() + ")");
		assertThat(this.input.read(this.sink, SHORT)).isFalse();
		assertThat(this.sink.events).isEmpty();
	}

	@Test
	void aConnectingWriterGetsItsOwnConnectionWhileAFreshInstanceListens() throws Exception {
		open(TestPipes.inbound());
		completeConnectOnNextWait(FIRST);
		assertThat(this.input.read(this.sink, LONG)).isTrue();
		assertThat(this.sink.events).containsExactly("connected 1");
		// further instances are not first instances: no FILE_FLAG_FIRST_PIPE_INSTANCE
		assertThat(this.win32.calls("CreateNamedPipe")).hasSize(3)
			.last()
			.asString()
			.contains("openMode=0x40000001, pipeMode=0x00000008, maxInstances=255");
		long third = lastPipeHandle();
		assertThat(this.win32.allCalls()).containsSubsequence("GetOverlappedResult(256, wait=false)",
				"ConnectNamedPipe(" + third + ")", "ReadFile(256, 262144)");
	}

	@Test
	void deliversDataReadAtOnceAndDataThatArrivesLater() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		open(TestPipes.inbound());
		this.win32.script.readResults.add("hello".getBytes());
		assertThat(this.input.read(this.sink, LONG)).isTrue();
		assertThat(this.input.read(this.sink, LONG)).isTrue();
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(FIRST), 0, "world".getBytes()));
		assertThat(this.input.read(this.sink, LONG)).isTrue();
		assertThat(this.sink.events).containsExactly("connected 1", "data 1 hello", "data 1 world");
	}

	@Test
	void aWriterConnectedBeforeConnectNamedPipeIsAcceptedWithoutWaiting() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		open(TestPipes.inbound());
		assertThat(this.input.read(this.sink, LONG)).isTrue();
		assertThat(this.sink.events).containsExactly("connected 1");
		assertThat(this.win32.waitCount()).isZero();
	}

	@Test
	void aWriterThatCameAndWentBeforeTheConnectIsReadToTheEndThenDisconnected() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_NO_DATA);
		open(TestPipes.inbound());
		this.win32.script.readResults.add("left behind".getBytes());
		this.win32.script.readResults.add(WinError.ERROR_BROKEN_PIPE);
		while (this.sink.events.size() < 3) {
			assertThat(this.input.read(this.sink, LONG)).isTrue();
		}
		assertThat(this.sink.events).containsExactly("connected 1", "data 1 left behind", "disconnected 1");
		assertThat(this.win32.calls("DisconnectNamedPipe")).containsExactly("DisconnectNamedPipe(256)");
	}

	@Test
	void moreDataInMessageModeIsDeliveredAndTheRestReadNext() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		open(TestPipes.inbound().withReadBufferSize(4));
		this.win32.script.readResults.add(WinError.ERROR_MORE_DATA);
		this.win32.script.readResults.add("tail".getBytes());
		readEvents(3);
		assertThat(this.sink.events).containsExactly("connected 1", "data 1 mmmm", "data 1 tail");
	}

	@Test
	void aBrokenPipeEndsThatWriterOnlyAndItsInstanceIsClosedWhileAnotherListens() throws Exception {
		open(TestPipes.inbound());
		completeConnectOnNextWait(FIRST);
		readEvents(1);
		long second = secondInstance();
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(FIRST), WinError.ERROR_BROKEN_PIPE, null));
		readEvents(2);
		assertThat(this.sink.events).containsExactly("connected 1", "disconnected 1");
		// two others listen, so this one is disconnected and closed: it is tied to this end's port
		assertThat(this.win32.allCalls()).containsSubsequence("DisconnectNamedPipe(256)", "CloseHandle(256)");
		long third = lastPipeHandle();
		assertThat(this.win32.openPipes()).containsExactly(second, third);
		assertThat(this.win32.hasPendingOn(second)).isTrue();
		// the next writer connects to a listener, and a fresh instance listens
		completeConnectOnNextWait(second);
		readEvents(3);
		assertThat(this.sink.events).last().isEqualTo("connected 2");
		assertThat(this.win32.calls("CreateNamedPipe")).hasSize(4);
		assertThat(this.win32.hasPendingOn(lastPipeHandle())).isTrue();
	}

	@Test
	void aWriterGoneWithPipeNotConnectedIsADisconnectToo() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		open(TestPipes.inbound().withMaxInstances(1));
		this.win32.script.readResults.add(WinError.ERROR_PIPE_NOT_CONNECTED);
		readEvents(2);
		assertThat(this.sink.events).containsExactly("connected 1", "disconnected 1");
		// the only instance allowed is disconnected and listens again
		assertThat(this.win32.calls("CreateNamedPipe")).hasSize(1);
		assertThat(this.win32.allCalls()).containsSubsequence("DisconnectNamedPipe(256)", "ConnectNamedPipe(256)");
	}

	@Test
	void concurrentWritersAreReportedUnderTheirOwnConnection() throws Exception {
		open(TestPipes.inbound());
		completeConnectOnNextWait(FIRST);
		readEvents(1);
		long second = secondInstance();
		completeConnectOnNextWait(second);
		readEvents(2);
		this.onWait.add(() -> {
			this.win32.complete(this.win32.pendingOn(second), 0, "from two".getBytes());
			this.win32.complete(this.win32.pendingOn(FIRST), 0, "from one".getBytes());
		});
		readEvents(4);
		assertThat(this.sink.events).hasSize(4)
			.startsWith("connected 1", "connected 2")
			.contains("data 1 from one", "data 2 from two");
	}

	@Test
	void noListenerIsAddedBeyondTheInstanceLimit() throws Exception {
		open(TestPipes.inbound().withMaxInstances(2));
		completeConnectOnNextWait(FIRST);
		readEvents(1);
		completeConnectOnNextWait(secondInstance());
		readEvents(2);
		assertThat(this.sink.events).containsExactly("connected 1", "connected 2");
		assertThat(this.win32.calls("CreateNamedPipe")).hasSize(2);
		assertThat(this.input.read(this.sink, SHORT)).isFalse();
	}

	@Test
	void windowsRefusingAnotherInstanceIsNoErrorAndTheInstanceIsReusedWhenItsWriterLeaves() throws Exception {
		this.win32.script.createNamedPipeErrors.add(WinError.ERROR_SUCCESS);
		this.win32.script.createNamedPipeErrors.add(WinError.ERROR_PIPE_BUSY);
		this.win32.script.createNamedPipeErrors.add(WinError.ERROR_PIPE_BUSY);
		open(TestPipes.inbound());
		completeConnectOnNextWait(FIRST);
		readEvents(1);
		assertThat(this.win32.calls("CreateNamedPipe")).hasSize(3);
		assertThat(this.win32.openPipes()).containsExactly(FIRST);
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(FIRST), WinError.ERROR_BROKEN_PIPE, null));
		readEvents(2);
		assertThat(this.win32.allCalls()).endsWith("DisconnectNamedPipe(256)", "ConnectNamedPipe(256)");
		completeConnectOnNextWait(FIRST);
		readEvents(3);
		assertThat(this.sink.events).containsExactly("connected 1", "disconnected 1", "connected 2");
	}

	@Test
	void servesMoreWritersAtOnceThanOneWaitForMultipleObjectsCouldWatch() throws Exception {
		open(TestPipes.inbound());
		int writers = 100;
		List<Long> connected = new ArrayList<>();
		long listener = FIRST;
		for (int writer = 1; writer <= writers; writer++) {
			connected.add(listener);
			completeConnectOnNextWait(listener);
			readEvents(writer);
			listener = lastPipeHandle();
		}
		// one instance per writer and two listening, each associated with the one completion port
		assertThat(this.win32.calls("CreateNamedPipe")).hasSize(writers + 2);
		assertThat(this.win32.calls("CreateIoCompletionPort")).hasSize(writers + 3);
		// data from the first and the last writer both arrive
		long last = connected.get(writers - 1);
		this.onWait.add(() -> {
			this.win32.complete(this.win32.pendingOn(last), 0, "from the last".getBytes());
			this.win32.complete(this.win32.pendingOn(FIRST), 0, "from the first".getBytes());
		});
		readEvents(writers + 2);
		assertThat(this.sink.events).endsWith("data " + writers + " from the last", "data 1 from the first");
	}

	@Test
	void everyInstanceIsAssociatedWithOneCompletionPortUnderItsOwnKey() throws Exception {
		open(TestPipes.inbound());
		completeConnectOnNextWait(FIRST);
		readEvents(1);
		long port = Long.parseLong(this.win32.calls("CreateIoCompletionPort").get(0).replaceAll("\\D", ""));
		assertThat(this.win32.calls("CreateIoCompletionPort")).containsExactly("CreateIoCompletionPort(" + port + ")",
				"CreateIoCompletionPort(256, " + port + ", key=1)",
				"CreateIoCompletionPort(" + secondInstance() + ", " + port + ", key=2)",
				"CreateIoCompletionPort(" + lastPipeHandle() + ", " + port + ", key=3)");
	}

	@Test
	void closingClosesTheInstancesTiedToThePortAndKeepsTheNameWithAFreshOne() throws Exception {
		open(TestPipes.inbound());
		completeConnectOnNextWait(FIRST);
		readEvents(1);
		long second = secondInstance();
		long third = lastPipeHandle();
		this.input.close();
		// a handle stays tied to its completion port: no instance goes back to the created pipe
		assertThat(this.win32.openPipes()).hasSize(1).doesNotContain(FIRST, second, third);
		assertThat(this.win32.calls("CreateIoCompletionPort")).hasSize(4);
		assertThat(this.win32.allCalls()).endsWith("CloseHandle(" + lastClosedPort() + ")");
	}

	@Test
	void anUnexpectedReadErrorIsAPipeExceptionNamingTheCode() throws Exception {
		this.win32.script.connectResults.add(WinError.ERROR_PIPE_CONNECTED);
		open(TestPipes.inbound());
		this.win32.script.readResults.add(6); // ERROR_INVALID_HANDLE
		readEvents(1);
		assertThatExceptionOfType(PipeException.class).isThrownBy(() -> this.input.read(this.sink, LONG))
			.withMessageContaining("ReadFile on " + PATH + " failed: Win32 error 6");
	}

	@Test
	void anUnexpectedConnectErrorIsAPipeExceptionNamingTheCode() {
		this.win32.script.connectResults.add(1);
		assertThatExceptionOfType(PipeException.class).isThrownBy(() -> open(TestPipes.inbound()))
			.withMessageContaining("ConnectNamedPipe on " + PATH + " failed: Win32 error 1");
	}

	@Test
	void closeEndsABlockedReadAndCancelsEveryOperationBeforeFreeingIt() throws Exception {
		open(TestPipes.inbound());
		completeConnectOnNextWait(FIRST);
		readEvents(1);
		CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
			try {
				return this.input.read(this.sink, Long.MAX_VALUE);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.win32.waitCount() >= 2);
		long second = secondInstance();
		this.input.close();
		await().atMost(Duration.ofSeconds(1)).until(blocked::isDone);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(blocked::get)
			.havingRootCause()
			.isInstanceOf(PipeClosedException.class);
		// both operations in flight (the read and the listener's connect) were cancelled and awaited
		assertThat(this.win32.allCalls()).containsSubsequence("CancelIoEx(256)", "GetOverlappedResult(256, wait=true)",
				"CancelIoEx(" + second + ")", "GetOverlappedResult(" + second + ", wait=true)");
		assertThat(this.win32.operations).allSatisfy((op) -> assertThat(op.freed).isTrue());
		// the created pipe keeps one instance so nobody else can take the name
		assertThat(this.win32.openPipes()).hasSize(1);
		assertThatExceptionOfType(PipeClosedException.class).isThrownBy(() -> this.input.read(this.sink, SHORT));
	}

	@Test
	void closeBeforeOpenMakesOpenFail() throws Exception {
		PipeOptions options = TestPipes.inbound();
		this.created = this.backend.create("orders", PATH, options);
		this.input = this.backend.newInput("orders", PATH, this.created, options);
		this.input.close();
		assertThatExceptionOfType(PipeClosedException.class).isThrownBy(() -> this.input.open(Duration.ofSeconds(1)));
	}

	private void open(PipeOptions options) throws PipeException {
		this.created = this.backend.create("orders", PATH, options);
		this.input = this.backend.newInput("orders", PATH, this.created, options);
		this.input.open(Duration.ofSeconds(1));
	}

	private void readEvents(int count) throws Exception {
		long deadline = System.nanoTime() + LONG;
		while (this.sink.events.size() < count) {
			assertThat(System.nanoTime() - deadline).as("events so far %s", this.sink.events).isNegative();
			this.input.read(this.sink, LONG);
		}
	}

	private void completeConnectOnNextWait(long instance) {
		this.onWait.add(() -> this.win32.complete(this.win32.pendingOn(instance), 0, null));
	}

	/** The instance created after the first. */
	private long secondInstance() {
		return this.win32.openPipes().stream().filter((handle) -> handle != FIRST).findFirst().orElseThrow();
	}

	private long lastClosedPort() {
		String created = this.win32.calls("CreateIoCompletionPort").get(0);
		return Long.parseLong(created.replaceAll("\\D", ""));
	}

	private long lastPipeHandle() {
		return this.win32.openPipes().stream().reduce((a, b) -> b).orElseThrow();
	}

}
