package io.github.xpipe.pipe.windows;

import java.time.Duration;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeBusyException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeMode;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeInput;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the Windows backend asks of Win32 when it creates a pipe, checked against a recording fake:
 * Wine accepts these flags and descriptors but does not enforce them, so asserting them is the test.
 */
class WindowsPipeBackendTests {

	private static final String DEFAULT_SDDL = "D:P(A;;GA;;;SY)(A;;GA;;;" + RecordingWin32Pipes.USER_SID + ")";

	private final RecordingWin32Pipes win32 = new RecordingWin32Pipes();

	private final WindowsPipeBackend backend = new WindowsPipeBackend(this.win32);

	@Test
	void mapsBareNamesToLocalPipePathsAndBack() {
		PipeOptions options = PipeOptions.defaults();
		assertThat(this.backend.resolvePath("orders", options)).isEqualTo("\\\\.\\pipe\\orders");
		assertThat(this.backend.resolvePath("\\\\.\\pipe\\orders", options)).isEqualTo("\\\\.\\pipe\\orders");
		assertThat(this.backend.resolvePath("\\\\.\\PIPE\\orders", options)).isEqualTo("\\\\.\\pipe\\orders");
		assertThat(this.backend.nameOf("\\\\.\\pipe\\orders")).isEqualTo("orders");
		assertThat(this.win32.allCalls()).as("resolving has no side effects").isEmpty();
	}

	@Test
	void mapsSlashesAsPythonXpNamedPipeDoes() {
		PipeOptions options = PipeOptions.defaults();
		assertThat(this.backend.resolvePath("ipc/orders", options)).isEqualTo("\\\\.\\pipe\\ipc\\orders");
		assertThat(this.backend.resolvePath("a/b/c", options)).isEqualTo("\\\\.\\pipe\\a\\b\\c");
		assertThat(this.backend.resolvePath("ipc\\orders", options)).isEqualTo("\\\\.\\pipe\\ipc\\orders");
		assertThat(this.backend.resolvePath("\\\\.\\pipe\\ipc\\orders", options))
			.isEqualTo("\\\\.\\pipe\\ipc\\orders");
		assertThat(this.backend.nameOf("\\\\.\\pipe\\ipc\\orders")).isEqualTo("ipc/orders");
		assertThat(NamedPipe.of("ipc/orders", options, this.backend).name()).isEqualTo("ipc/orders");
	}

	@Test
	void rejectsNamesWindowsWouldNotTakeAsALocalPipe() {
		PipeOptions options = PipeOptions.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.resolvePath("", options));
		for (String name : new String[] { "a//b", "/a", "a/", "a/../b", "./a", "..", "\\\\.\\pipe\\a\\\\b" }) {
			assertThatIllegalArgumentException().as(name).isThrownBy(() -> this.backend.resolvePath(name, options))
				.withMessageContaining("ipc/orders")
				.withMessageContaining("\\\\.\\pipe\\<name>");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.resolvePath("\\\\.\\pipe\\", options));
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.resolvePath("x".repeat(250), options))
			.withMessageContaining("256");
	}

	@Test
	void theDefaultBackendLoadsNoNativeCodeUntilAPipeIsUsed() {
		WindowsPipeBackend jnaBackend = new WindowsPipeBackend();
		assertThat(jnaBackend.resolvePath("orders", PipeOptions.defaults())).isEqualTo("\\\\.\\pipe\\orders");
		assertThat(jnaBackend.nameOf("\\\\.\\pipe\\orders")).isEqualTo("orders");
	}

	@Test
	void createsAnInboundServerAsFirstInstanceRejectingRemoteClientsWithAnOwnerOnlyDacl() throws Exception {
		create("orders", TestPipes.inbound());
		// FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE | PIPE_ACCESS_INBOUND;
		// PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS
		assertThat(this.win32.allCalls()).containsExactly("CreateNamedPipe(\\\\.\\pipe\\orders, openMode=0x40080001, "
				+ "pipeMode=0x00000008, maxInstances=255, out=1048576, in=1048576, sddl=" + DEFAULT_SDDL + ")");
	}

	@Test
	void anOutboundServerGetsOutboundAccessAndAnUnknownDirectionDuplex() throws Exception {
		create("replies", TestPipes.outbound());
		create("either", PipeOptions.defaults());
		assertThat(this.win32.calls("CreateNamedPipe")).satisfiesExactly(
				(call) -> assertThat(call).contains("replies, openMode=0x40080002,"),
				(call) -> assertThat(call).contains("either, openMode=0x40080003,"));
	}

	@Test
	void passesTheConfiguredSecurityDescriptorInstanceLimitAndBufferSize() throws Exception {
		String sddl = "D:P(A;;GA;;;SY)(A;;GRGW;;;BU)";
		create("shared",
				TestPipes.inbound().withSecurityDescriptor(sddl).withMaxInstances(4).withPipeCapacity(65536));
		assertThat(this.win32.allCalls()).containsExactly("CreateNamedPipe(\\\\.\\pipe\\shared, openMode=0x40080001, "
				+ "pipeMode=0x00000008, maxInstances=4, out=65536, in=65536, sddl=" + sddl + ")");
	}

	@Test
	void aNameAnotherProcessServesIsPipeSquattingNotSharing() {
		this.win32.script.createNamedPipeErrors.add(WinError.ERROR_ACCESS_DENIED);
		assertThatExceptionOfType(PipeBusyException.class).isThrownBy(() -> create("orders", TestPipes.inbound()))
			.withMessageContaining("another process already serves \\\\.\\pipe\\orders")
			.withMessageContaining("pipe squatting")
			.satisfies((ex) -> assertThat(ex.pipeName()).isEqualTo("orders"));
		this.win32.script.createNamedPipeErrors.add(WinError.ERROR_PIPE_BUSY);
		assertThatExceptionOfType(PipeBusyException.class).isThrownBy(() -> create("orders", TestPipes.inbound()));
		assertThat(this.win32.openHandles).isEmpty();
	}

	@Test
	void otherCreateFailuresNameTheWin32Error() {
		this.win32.script.createNamedPipeErrors.add(1337); // ERROR_INVALID_SECURITY_DESCR
		assertThatExceptionOfType(PipeException.class)
			.isThrownBy(() -> create("orders", TestPipes.inbound().withSecurityDescriptor("nonsense")))
			.isNotInstanceOf(PipeBusyException.class)
			.withMessageContaining("Win32 error 1337");
	}

	@Test
	void deletingClosesTheReservedInstanceOnce() throws Exception {
		CreatedPipe created = create("orders", TestPipes.inbound());
		assertThat(created.madeHere()).isTrue();
		created.delete();
		created.delete();
		assertThat(this.win32.openHandles).isEmpty();
		assertThat(this.win32.calls("CloseHandle")).hasSize(1);
	}

	@Test
	void clientEndsAskForIdentificationOnlySoAServerCannotImpersonateUs() throws Exception {
		try (var out = this.backend.newOutput("orders", "\\\\.\\pipe\\orders", null, PipeOptions.defaults());
				var in = this.backend.newInput("replies", "\\\\.\\pipe\\replies", null, PipeOptions.defaults())) {
			out.open(Duration.ofSeconds(1));
			in.open(Duration.ofSeconds(1));
		}
		// GENERIC_WRITE / GENERIC_READ; FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION
		assertThat(this.win32.calls("CreateFile")).containsExactly(
				"CreateFile(\\\\.\\pipe\\orders, access=0x40000000, flags=0x40110000)",
				"CreateFile(\\\\.\\pipe\\replies, access=0x80000000, flags=0x40110000)");
		assertThat(this.win32.openHandles).isEmpty();
	}

	@Test
	void aMessagePipeIsADuplexMessagePipeReadInMessageModeWhateverItsDirection() throws Exception {
		create("in", TestPipes.inbound().withPipeMode(PipeMode.MESSAGE));
		create("out", TestPipes.outbound().withPipeMode(PipeMode.MESSAGE).withMaxInstances(1));
		// FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE | PIPE_ACCESS_DUPLEX (pywin32 peers open
		// GENERIC_READ | GENERIC_WRITE); PIPE_TYPE_MESSAGE | PIPE_READMODE_MESSAGE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS
		assertThat(this.win32.calls("CreateNamedPipe")).satisfiesExactly(
				(call) -> assertThat(call).contains("in, openMode=0x40080003, pipeMode=0x0000000e, maxInstances=255,"),
				(call) -> assertThat(call).contains("out, openMode=0x40080003, pipeMode=0x0000000e, maxInstances=1,"));
	}

	@Test
	void messageModeClientsAskForTheAttributeRightTheyNeedCheckThePipeTypeAndReadMessages() throws Exception {
		this.win32.script.pipeFlags = WinBase.PIPE_TYPE_MESSAGE;
		PipeOptions message = PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE);
		try (var out = this.backend.newOutput("orders", "\\\\.\\pipe\\orders", null, message);
				var in = this.backend.newInput("replies", "\\\\.\\pipe\\replies", null, message)) {
			out.open(Duration.ofSeconds(1));
			long writer = this.win32.lastPipe;
			in.open(Duration.ofSeconds(1));
			long reader = this.win32.lastPipe;
			// GENERIC_WRITE | FILE_READ_ATTRIBUTES (for GetNamedPipeInfo); GENERIC_READ | FILE_WRITE_ATTRIBUTES
			// (for SetNamedPipeHandleState); PIPE_READMODE_MESSAGE
			assertThat(this.win32.allCalls()).containsExactly(
					"CreateFile(\\\\.\\pipe\\orders, access=0x40000080, flags=0x40110000)", "GetNamedPipeInfo(" + writer + ")",
					"CreateFile(\\\\.\\pipe\\replies, access=0x80000100, flags=0x40110000)", "GetNamedPipeInfo(" + reader + ")",
					"SetNamedPipeHandleState(" + reader + ", mode=0x00000002)");
		}
		assertThat(this.win32.openHandles).isEmpty();
	}

	@Test
	void aMessageModeClientOfAByteServerIsToldWhichSettingToChange() {
		PipeOptions message = PipeOptions.defaults().withPipeMode(PipeMode.MESSAGE);
		PipeInput in = this.backend.newInput("replies", "\\\\.\\pipe\\replies", null, message);
		assertThatExceptionOfType(PipeException.class).isThrownBy(() -> in.open(Duration.ofSeconds(1)))
			.withMessageContaining("pipe-mode is 'message' but the server created \\\\.\\pipe\\replies as a byte pipe")
			.withMessageContaining("set pipe-mode to 'byte'");
		in.close();
		assertThat(this.win32.openHandles).isEmpty();
	}

	private CreatedPipe create(String name, PipeOptions options) throws PipeException {
		return this.backend.create(name, this.backend.resolvePath(name, options), options);
	}

}
