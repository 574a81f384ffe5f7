package io.github.xpipe.pipe.windows;

/**
 * How every server instance of one pipe is created: Windows requires the same access mode for all
 * instances of a name.
 *
 * <p>Instances are byte-type pipes read in byte mode: both framings are byte streams carrying their
 * own frame boundaries, and a byte pipe lets a large frame flow through a smaller pipe buffer.
 * Remote clients are rejected; the security descriptor is the SDDL given.
 *
 * @param path the full pipe path, {@code \\.\pipe\<name>}
 * @param access {@code PIPE_ACCESS_INBOUND}, {@code _OUTBOUND} or {@code _DUPLEX}
 * @param maxInstances {@code nMaxInstances}: 1 to 254, or {@code PIPE_UNLIMITED_INSTANCES}
 * @param bufferSize the in and out buffer size requested
 * @param sddl the security descriptor
 */
record PipeServerSpec(String path, int access, int maxInstances, int bufferSize, String sddl) {

	/** {@code dwOpenMode} of an instance. */
	int openMode(boolean first) {
		int mode = this.access | Win32Pipes.FILE_FLAG_OVERLAPPED;
		return first ? mode | Win32Pipes.FILE_FLAG_FIRST_PIPE_INSTANCE : mode;
	}

	/** {@code dwPipeMode} of every instance. */
	static int pipeMode() {
		return Win32Pipes.PIPE_TYPE_BYTE | Win32Pipes.PIPE_READMODE_BYTE | Win32Pipes.PIPE_WAIT
				| Win32Pipes.PIPE_REJECT_REMOTE_CLIENTS;
	}

	long createInstance(Win32Pipes win32, boolean first) throws Win32Exception {
		return win32.createNamedPipe(this.path, openMode(first), pipeMode(), this.maxInstances, this.bufferSize,
				this.bufferSize, this.sddl);
	}

}
