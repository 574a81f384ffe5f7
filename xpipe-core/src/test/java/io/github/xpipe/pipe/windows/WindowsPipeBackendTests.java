package io.github.xpipe.pipe.windows;

import io.github.xpipe.pipe.PipeBusyException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.CreatedPipe;
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
	void rejectsNamesWindowsWouldNotTakeAsALocalPipe() {
		PipeOptions options = PipeOptions.defaults();
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.resolvePath("", options));
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.resolvePath("a\\b", options))
			.withMessageContaining("\\\\.\\pipe\\<name>");
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
		this.win32.createNamedPipeErrors.add(Win32Pipes.ERROR_ACCESS_DENIED);
		assertThatExceptionOfType(PipeBusyException.class).isThrownBy(() -> create("orders", TestPipes.inbound()))
			.withMessageContaining("another process already serves \\\\.\\pipe\\orders")
			.withMessageContaining("pipe squatting")
			.satisfies((ex) -> assertThat(ex.pipeName()).isEqualTo("orders"));
		this.win32.createNamedPipeErrors.add(Win32Pipes.ERROR_PIPE_BUSY);
		assertThatExceptionOfType(PipeBusyException.class).isThrownBy(() -> create("orders", TestPipes.inbound()));
		assertThat(this.win32.openHandles).isEmpty();
	}

	@Test
	void otherCreateFailuresNameTheWin32Error() {
		this.win32.createNamedPipeErrors.add(1337); // ERROR_INVALID_SECURITY_DESCR
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
			out.open(java.time.Duration.ofSeconds(1));
			in.open(java.time.Duration.ofSeconds(1));
		}
		// GENERIC_WRITE / GENERIC_READ; FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION
		assertThat(this.win32.calls("CreateFile")).containsExactly(
				"CreateFile(\\\\.\\pipe\\orders, access=0x40000000, flags=0x40110000)",
				"CreateFile(\\\\.\\pipe\\replies, access=0x80000000, flags=0x40110000)");
		assertThat(this.win32.openHandles).isEmpty();
	}

	private CreatedPipe create(String name, PipeOptions options) throws PipeException {
		return this.backend.create(name, this.backend.resolvePath(name, options), options);
	}

}
