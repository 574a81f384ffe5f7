package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;

/**
 * The Win32 calls the Windows backend makes, narrowed to what named pipes need. {@link JnaWin32Pipes}
 * calls Windows through JNA; tests drive the backend's state machines with a recording fake, which is
 * the only way to check the flags, DACL and SQOS passed (Wine accepts but does not enforce them).
 *
 * <p>Error codes, access rights and pipe flags are jna-platform's ({@code WinError}, {@code WinNT},
 * {@code WinBase}); the few it does not define are declared here.
 *
 * <p>Calls that return a handle throw {@link Win32Exception} on failure. I/O calls return
 * {@code ERROR_SUCCESS} or the thread's {@code GetLastError()} code, because the state machines
 * branch on those codes rather than treat them as exceptional.
 */
interface Win32Pipes {

	/** {@code FILE_FLAG_FIRST_PIPE_INSTANCE} (not in jna-platform). */
	int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;

	/** {@code SECURITY_SQOS_PRESENT} (not in jna-platform). */
	int SECURITY_SQOS_PRESENT = 0x00100000;

	/**
	 * {@code SECURITY_IDENTIFICATION} as a {@code CreateFile} flag (jna-platform has the enum value
	 * only): the server may identify this client but not impersonate it.
	 */
	int SECURITY_IDENTIFICATION = 0x00010000;

	/** What {@link #getQueuedCompletionStatus} returns when its time-out passed without a completion. */
	long NO_COMPLETION = -1;

	/**
	 * {@code CreateNamedPipeW} with the security descriptor given as SDDL and a default time-out of
	 * 0 (50 ms; unused: clients always pass their own).
	 */
	long createNamedPipe(String path, int openMode, int pipeMode, int maxInstances, int outBufferSize,
			int inBufferSize, String sddl) throws Win32Exception;

	/** {@code CreateFileW(path, access, 0, NULL, OPEN_EXISTING, flagsAndAttributes, NULL)}. */
	long createFile(String path, int desiredAccess, int flagsAndAttributes) throws Win32Exception;

	/** {@code WaitNamedPipeW}: {@code ERROR_SUCCESS} when an instance is free, else the error code. */
	int waitNamedPipe(String path, int timeoutMillis);

	/** {@code ConnectNamedPipe} with the operation's OVERLAPPED. */
	int connectNamedPipe(long pipe, Overlapped operation);

	/** {@code DisconnectNamedPipe}. */
	int disconnectNamedPipe(long pipe);

	/** {@code SetNamedPipeHandleState(pipe, &readMode, NULL, NULL)}: the read mode of this handle. */
	int setNamedPipeReadMode(long pipe, int readMode);

	/** {@code GetNamedPipeInfo(pipe, &flags, ...)}: the pipe's type flags ({@code PIPE_TYPE_MESSAGE}...). */
	int namedPipeFlags(long pipe) throws Win32Exception;

	/** {@code ReadFile} of up to {@code length} bytes into the operation's buffer, overlapped. */
	int readFile(long handle, Overlapped operation, int length);

	/** {@code WriteFile} of the first {@code length} bytes of the operation's buffer, overlapped. */
	int writeFile(long handle, Overlapped operation, int length);

	/**
	 * {@code FlushFileBuffers}: blocks until the reader has read everything written to the handle.
	 * {@link #cancelIo} from another thread ends it with {@code ERROR_OPERATION_ABORTED}.
	 */
	int flushFileBuffers(long handle);

	/**
	 * {@code GetOverlappedResult}: on return {@link Overlapped#transferred()} holds the byte count.
	 * With {@code wait} it blocks until the operation completes (or its cancellation does).
	 */
	int getOverlappedResult(long handle, Overlapped operation, boolean wait);

	/** {@code CancelIoEx} of one operation; its completion still has to be awaited. */
	int cancelIoEx(long handle, Overlapped operation);

	/** {@code CancelIoEx(handle, NULL)}: cancels every operation on the handle, a blocking flush too. */
	int cancelIo(long handle);

	/** {@code CreateEventW}: a manual-reset event, not signalled. */
	long createEvent() throws Win32Exception;

	/** {@code SetEvent}. */
	void setEvent(long event);

	/**
	 * {@code WaitForMultipleObjects} for any of the first {@code count} handles.
	 * @return the index of a signalled handle, or {@code WAIT_TIMEOUT}
	 */
	int waitForMultipleObjects(long[] handles, int count, int timeoutMillis) throws Win32Exception;

	/** {@code CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1)}: a new completion port. */
	long createIoCompletionPort() throws Win32Exception;

	/**
	 * {@code CreateIoCompletionPort(handle, port, key, 0)}: the completions of the handle's overlapped
	 * operations are queued to the port with {@code key}, for as long as the handle lives.
	 */
	void associateWithPort(long handle, long port, long key) throws Win32Exception;

	/**
	 * {@code GetQueuedCompletionStatus}: waits for the next completion queued to the port, whether
	 * its operation succeeded or failed ({@link #getOverlappedResult} then tells which).
	 * @return its completion key, or {@link #NO_COMPLETION} when the time-out passed
	 */
	long getQueuedCompletionStatus(long port, int timeoutMillis) throws Win32Exception;

	/** {@code PostQueuedCompletionStatus(port, 0, key, NULL)}: queues a completion of no operation. */
	void postQueuedCompletionStatus(long port, long key);

	/** {@code CloseHandle}; failures are ignored (nothing useful can be done about them). */
	void closeHandle(long handle);

	/** The SID of the user this process runs as, in string form ({@code S-1-5-21-...}). */
	String currentUserSid() throws Win32Exception;

	/** The system's text for an error code, {@code FormatMessage}; empty when there is none. */
	String errorText(int code);

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
