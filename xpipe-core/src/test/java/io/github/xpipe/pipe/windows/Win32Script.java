package io.github.xpipe.pipe.windows;

import java.util.ArrayDeque;
import java.util.Deque;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;

/** What the calls of {@link RecordingWin32Pipes} answer, in order; tests fill it before they act. */
final class Win32Script {

	/** A {@link #flushResults} entry: the flush blocks until {@code CancelIoEx(handle, NULL)} ends it. */
	static final int BLOCK = -1;

	/** CreateNamedPipe failures, in order; success when empty or 0. */
	final Deque<Integer> createNamedPipeErrors = new ArrayDeque<>();

	/** CreateFile failures, in order; {@link #createFileDefault} when empty, 0 for success. */
	final Deque<Integer> createFileErrors = new ArrayDeque<>();

	/** What CreateFile fails with once its script is used up; 0 for success. */
	volatile int createFileDefault;

	/** WaitNamedPipe results; {@link #waitNamedPipeDefault} when empty. */
	final Deque<Integer> waitNamedPipeResults = new ArrayDeque<>();

	/** What WaitNamedPipe returns once its script is used up. */
	volatile int waitNamedPipeDefault;

	/** ConnectNamedPipe results; ERROR_IO_PENDING when empty. */
	final Deque<Integer> connectResults = new ArrayDeque<>();

	/**
	 * ReadFile results: a {@code byte[]} completes at once with that data, an Integer is a code
	 * (ERROR_IO_PENDING leaves the read in flight); ERROR_IO_PENDING when empty.
	 */
	final Deque<Object> readResults = new ArrayDeque<>();

	/**
	 * WriteFile results: an Integer code (ERROR_SUCCESS writes everything at once) or an
	 * {@code int[]{ERROR_SUCCESS, n}} writing only n bytes; ERROR_SUCCESS when empty.
	 */
	final Deque<Object> writeResults = new ArrayDeque<>();

	/** FlushFileBuffers results, or {@link #BLOCK}; ERROR_SUCCESS when empty. */
	final Deque<Integer> flushResults = new ArrayDeque<>();

	/** What GetNamedPipeInfo reports as the pipe's flags. */
	volatile int pipeFlags = WinBase.PIPE_TYPE_BYTE;

	/** What SetNamedPipeHandleState returns. */
	volatile int setReadModeResult = WinError.ERROR_SUCCESS;

}
