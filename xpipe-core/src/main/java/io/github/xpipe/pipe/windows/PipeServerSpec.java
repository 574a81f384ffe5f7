package io.github.xpipe.pipe.windows;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;

/**
 * How every server instance of one pipe is created: Windows requires the same access mode and pipe
 * type for all instances of a name.
 *
 * <p>Byte pipes are read in byte mode: both framings are byte streams carrying their own frame
 * boundaries, and a byte pipe lets a large frame flow through a smaller pipe buffer. Message pipes
 * are read in message mode: each {@code WriteFile} is one message. Remote clients are rejected; the
 * security descriptor is the SDDL given.
 *
 * @param path the full pipe path, {@code \\.\pipe\<name>}
 * @param access {@code PIPE_ACCESS_INBOUND}, {@code _OUTBOUND} or {@code _DUPLEX}
 * @param message whether instances are message pipes
 * @param maxInstances {@code nMaxInstances}: 1 to 254, or {@code PIPE_UNLIMITED_INSTANCES}
 * @param bufferSize the in and out buffer size requested
 * @param sddl the security descriptor
 */
record PipeServerSpec(String path, int access, boolean message, int maxInstances, int bufferSize, String sddl) {

	/** {@code dwOpenMode} of an instance. */
	int openMode(boolean first) {
		int mode = this.access | WinNT.FILE_FLAG_OVERLAPPED;
		return first ? mode | Win32Pipes.FILE_FLAG_FIRST_PIPE_INSTANCE : mode;
	}

	/** {@code dwPipeMode} of every instance. */
	int pipeMode() {
		int type = this.message ? WinBase.PIPE_TYPE_MESSAGE | WinBase.PIPE_READMODE_MESSAGE
				: WinBase.PIPE_TYPE_BYTE | WinBase.PIPE_READMODE_BYTE;
		return type | WinBase.PIPE_WAIT | WinBase.PIPE_REJECT_REMOTE_CLIENTS;
	}

	long createInstance(Win32Pipes win32, boolean first) throws Win32Exception {
		return win32.createNamedPipe(this.path, openMode(first), pipeMode(), this.maxInstances, this.bufferSize,
				this.bufferSize, this.sddl);
	}

}
