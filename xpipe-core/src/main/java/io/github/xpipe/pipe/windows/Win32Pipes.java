package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;

/**
 * The Win32 calls the Windows backend makes, narrowed to what named pipes need. {@link JnaWin32Pipes}
 * calls Windows through JNA; tests drive the backend's state machines with a recording fake, which is
 * the only way to check the flags, DACL and SQOS passed (Wine accepts but does not enforce them).
 *
 * <p>Calls that return a handle throw {@link Win32Exception} on failure. I/O calls return
 * {@link #ERROR_SUCCESS} or the thread's {@code GetLastError()} code, because the state machines
 * branch on those codes rather than treat them as exceptional.
 */
interface Win32Pipes {

	int ERROR_SUCCESS = 0;

	int ERROR_FILE_NOT_FOUND = 2;

	int ERROR_ACCESS_DENIED = 5;

	int ERROR_BROKEN_PIPE = 109;

	int ERROR_SEM_TIMEOUT = 121;

	int ERROR_PIPE_BUSY = 231;

	int ERROR_NO_DATA = 232;

	int ERROR_PIPE_NOT_CONNECTED = 233;

	int ERROR_MORE_DATA = 234;

	int ERROR_PIPE_CONNECTED = 535;

	int ERROR_OPERATION_ABORTED = 995;

	int ERROR_IO_PENDING = 997;

	int PIPE_ACCESS_INBOUND = 0x00000001;

	int PIPE_ACCESS_OUTBOUND = 0x00000002;

	int PIPE_ACCESS_DUPLEX = 0x00000003;

	int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;

	int FILE_FLAG_OVERLAPPED = 0x40000000;

	int PIPE_TYPE_BYTE = 0x00000000;

	int PIPE_READMODE_BYTE = 0x00000000;

	int PIPE_WAIT = 0x00000000;

	int PIPE_REJECT_REMOTE_CLIENTS = 0x00000008;

	int PIPE_UNLIMITED_INSTANCES = 255;

	int GENERIC_READ = 0x80000000;

	int GENERIC_WRITE = 0x40000000;

	int SECURITY_SQOS_PRESENT = 0x00100000;

	/** {@code SECURITY_IDENTIFICATION}: the server may identify this client but not impersonate it. */
	int SECURITY_IDENTIFICATION = 0x00010000;

	int WAIT_OBJECT_0 = 0;

	int WAIT_TIMEOUT = 0x00000102;

	/** {@code INFINITE} as a signed Java int. */
	int INFINITE = -1;

	/** {@code MAXIMUM_WAIT_OBJECTS}: the most handles one {@code WaitForMultipleObjects} call takes. */
	int MAXIMUM_WAIT_OBJECTS = 64;

	/**
	 * {@code CreateNamedPipeW} with the security descriptor given as SDDL and a default time-out of
	 * 50 ms (unused: clients always pass their own).
	 */
	long createNamedPipe(String path, int openMode, int pipeMode, int maxInstances, int outBufferSize,
			int inBufferSize, String sddl) throws Win32Exception;

	/** {@code CreateFileW(path, access, 0, NULL, OPEN_EXISTING, flagsAndAttributes, NULL)}. */
	long createFile(String path, int desiredAccess, int flagsAndAttributes) throws Win32Exception;

	/** {@code WaitNamedPipeW}: {@link #ERROR_SUCCESS} when an instance is free, else the error code. */
	int waitNamedPipe(String path, int timeoutMillis);

	/** {@code ConnectNamedPipe} with the operation's OVERLAPPED. */
	int connectNamedPipe(long pipe, Overlapped operation);

	/** {@code DisconnectNamedPipe}. */
	int disconnectNamedPipe(long pipe);

	/** {@code ReadFile} of up to {@code length} bytes into the operation's buffer, overlapped. */
	int readFile(long handle, Overlapped operation, int length);

	/** {@code WriteFile} of the first {@code length} bytes of the operation's buffer, overlapped. */
	int writeFile(long handle, Overlapped operation, int length);

	/**
	 * {@code GetOverlappedResult}: on return {@link Overlapped#transferred()} holds the byte count.
	 * With {@code wait} it blocks until the operation completes (or its cancellation does).
	 */
	int getOverlappedResult(long handle, Overlapped operation, boolean wait);

	/** {@code CancelIoEx} of one operation; its completion still has to be awaited. */
	int cancelIoEx(long handle, Overlapped operation);

	/** {@code CreateEventW}: a manual-reset event, not signalled. */
	long createEvent() throws Win32Exception;

	/** {@code SetEvent}. */
	void setEvent(long event);

	/**
	 * {@code WaitForMultipleObjects} for any of the first {@code count} handles.
	 * @return the index of a signalled handle, or {@link #WAIT_TIMEOUT}
	 */
	int waitForMultipleObjects(long[] handles, int count, int timeoutMillis) throws Win32Exception;

	/** {@code CloseHandle}; failures are ignored (nothing useful can be done about them). */
	void closeHandle(long handle);

	/** The SID of the user this process runs as, in string form ({@code S-1-5-21-...}). */
	String currentUserSid() throws Win32Exception;

	/**
	 * A new OVERLAPPED structure with its own manual-reset event and a native buffer of
	 * {@code bufferSize} bytes (0 for none), all freed by {@link Overlapped#free()}.
	 */
	Overlapped newOverlapped(int bufferSize) throws Win32Exception;

	/**
	 * The native state of one overlapped operation at a time. The owner keeps it strongly referenced
	 * while an operation is in flight and frees it only once that operation has completed, or has
	 * been cancelled and the cancellation has completed: Windows writes into the structure and the
	 * buffer until then.
	 */
	interface Overlapped {

		/** The manual-reset event signalled when the operation completes. */
		long event();

		/** The native buffer, as a view from 0 to its capacity; position and limit are free to use. */
		ByteBuffer buffer();

		/** Bytes the last completed operation transferred, set by {@link #getOverlappedResult}. */
		int transferred();

		/** Releases the event and the native memory. */
		void free();

	}

}
