package io.github.xpipe.pipe.windows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;

/**
 * A recording fake of {@link Win32Pipes}: it logs every call with its exact arguments, answers from
 * per-call scripts, models OVERLAPPED operations, manual-reset events and I/O completion ports (a
 * wait really blocks until an event is signalled, a completion is queued, or its time-out passes),
 * and fails loudly on misuse: freeing an operation still in flight, closing a handle twice or one it
 * never handed out, associating a handle with a second port.
 *
 * <p>As on Windows, an operation on a handle associated with a port queues a completion when it
 * finishes, also when it finished at once with success or {@code ERROR_MORE_DATA}; one that fails at
 * once queues none.
 */
final class RecordingWin32Pipes extends FakeWin32Objects {

	static final String USER_SID = "S-1-5-21-1004336348-1177238915-682003330-1001";

	/** What the calls answer. */
	final Win32Script script = new Win32Script();

	/** Bytes written per handle. */
	final Map<Long, ByteArrayOutputStream> written = new HashMap<>();

	final List<FakeOverlapped> operations = new ArrayList<>();

	/** The pipe handle CreateNamedPipe or CreateFile returned last. */
	volatile long lastPipe;

	private final Set<Long> pipeHandles = new HashSet<>();

	/** Handles with a flush blocked until cancelled. */
	private final Set<Long> blockedFlushes = new HashSet<>();

	/** Completes an operation in flight: copies {@code data} into its buffer and signals its event. */
	synchronized void complete(FakeOverlapped op, int code, byte[] data) {
		if (!op.pending) {
			throw new AssertionError("completing an operation that is not in flight: " + op);
		}
		if (data != null) {
			op.buffer.clear();
			op.buffer.put(data);
			op.transferred = data.length;
		}
		else {
			op.transferred = op.requested;
		}
		op.code = code;
		op.pending = false;
		completed(op.event, op.handle);
	}

	/** The operation in flight on {@code handle}. */
	synchronized FakeOverlapped pendingOn(long handle) {
		for (FakeOverlapped op : this.operations) {
			if (op.pending && op.handle == handle) {
				return op;
			}
		}
		throw new AssertionError("no operation in flight on handle " + handle + ": " + this.calls);
	}

	synchronized boolean hasPendingOn(long handle) {
		return this.operations.stream().anyMatch((op) -> op.pending && op.handle == handle);
	}

	/** Whether a flush is blocked (until cancelled). */
	synchronized boolean isFlushBlocked() {
		return !this.blockedFlushes.isEmpty();
	}

	/** Calls whose name starts with {@code prefix}. */
	synchronized List<String> calls(String prefix) {
		return this.calls.stream().filter((call) -> call.startsWith(prefix + "(")).toList();
	}

	synchronized List<String> allCalls() {
		return List.copyOf(this.calls);
	}

	synchronized byte[] writtenTo(long handle) {
		ByteArrayOutputStream bytes = this.written.get(handle);
		return (bytes != null) ? bytes.toByteArray() : new byte[0];
	}

	/** Handles still open that are pipes (not events or ports). */
	synchronized Set<Long> openPipes() {
		Set<Long> pipes = new LinkedHashSet<>(this.openHandles);
		pipes.retainAll(this.pipeHandles);
		return pipes;
	}

	@Override
	public synchronized long createNamedPipe(String path, int openMode, int pipeMode, int maxInstances,
			int outBufferSize, int inBufferSize, String sddl) throws Win32Exception {
		this.calls.add(String.format("CreateNamedPipe(%s, openMode=0x%08x, pipeMode=0x%08x, maxInstances=%d, "
				+ "out=%d, in=%d, sddl=%s)", path, openMode, pipeMode, maxInstances, outBufferSize, inBufferSize, sddl));
		return pipeHandle("CreateNamedPipe", this.script.createNamedPipeErrors.poll());
	}

	@Override
	public synchronized long createFile(String path, int desiredAccess, int flagsAndAttributes) throws Win32Exception {
		this.calls.add(String.format("CreateFile(%s, access=0x%08x, flags=0x%08x)", path, desiredAccess,
				flagsAndAttributes));
		Integer error = this.script.createFileErrors.poll();
		return pipeHandle("CreateFile", (error != null) ? error : this.script.createFileDefault);
	}

	private long pipeHandle(String function, Integer error) throws Win32Exception {
		if (error != null && error != WinError.ERROR_SUCCESS) {
			throw new Win32Exception(function, error);
		}
		long handle = newHandle();
		this.pipeHandles.add(handle);
		this.lastPipe = handle;
		return handle;
	}

	@Override
	public synchronized int waitNamedPipe(String path, int timeoutMillis) {
		this.calls.add("WaitNamedPipe(" + path + ", " + timeoutMillis + ")");
		Integer result = this.script.waitNamedPipeResults.poll();
		return (result != null) ? result : this.script.waitNamedPipeDefault;
	}

	@Override
	public synchronized int connectNamedPipe(long pipe, Overlapped operation) {
		this.calls.add("ConnectNamedPipe(" + pipe + ")");
		FakeOverlapped op = start(pipe, operation, 0);
		Integer result = this.script.connectResults.poll();
		int code = (result != null) ? result : WinError.ERROR_IO_PENDING;
		if (code == WinError.ERROR_SUCCESS) {
			complete(op, code, null);
		}
		else if (code != WinError.ERROR_IO_PENDING) {
			op.pending = false;
		}
		return code;
	}

	@Override
	public synchronized int disconnectNamedPipe(long pipe) {
		this.calls.add("DisconnectNamedPipe(" + pipe + ")");
		requireOpen(pipe);
		if (hasPendingOn(pipe)) {
			throw new AssertionError("DisconnectNamedPipe with I/O in flight on " + pipe);
		}
		return WinError.ERROR_SUCCESS;
	}

	@Override
	public synchronized int setNamedPipeReadMode(long pipe, int readMode) {
		this.calls.add(String.format("SetNamedPipeHandleState(%d, mode=0x%08x)", pipe, readMode));
		requireOpen(pipe);
		return this.script.setReadModeResult;
	}

	@Override
	public synchronized int namedPipeFlags(long pipe) {
		this.calls.add("GetNamedPipeInfo(" + pipe + ")");
		requireOpen(pipe);
		return this.script.pipeFlags;
	}

	@Override
	public synchronized int readFile(long handle, Overlapped operation, int length) {
		this.calls.add("ReadFile(" + handle + ", " + length + ")");
		FakeOverlapped op = start(handle, operation, length);
		Object result = this.script.readResults.poll();
		if (result == null) {
			return WinError.ERROR_IO_PENDING;
		}
		if (result instanceof byte[] data) {
			complete(op, WinError.ERROR_SUCCESS, data);
			return WinError.ERROR_SUCCESS;
		}
		int code = (Integer) result;
		if (code == WinError.ERROR_MORE_DATA) {
			byte[] full = new byte[length];
			Arrays.fill(full, (byte) 'm');
			complete(op, WinError.ERROR_MORE_DATA, full);
		}
		else if (code != WinError.ERROR_IO_PENDING) {
			op.pending = false;
		}
		return code;
	}

	@Override
	public synchronized int writeFile(long handle, Overlapped operation, int length) {
		this.calls.add("WriteFile(" + handle + ", " + length + ")");
		FakeOverlapped op = start(handle, operation, length);
		Object result = this.script.writeResults.poll();
		int code = WinError.ERROR_SUCCESS;
		int count = length;
		if (result instanceof int[] partial) {
			code = partial[0];
			count = partial[1];
		}
		else if (result != null) {
			code = (Integer) result;
		}
		if (code == WinError.ERROR_SUCCESS || code == WinError.ERROR_IO_PENDING) {
			byte[] bytes = new byte[count];
			op.buffer.get(0, bytes);
			this.written.computeIfAbsent(handle, (h) -> new ByteArrayOutputStream()).writeBytes(bytes);
		}
		if (code == WinError.ERROR_SUCCESS) {
			op.requested = count;
			complete(op, WinError.ERROR_SUCCESS, null);
		}
		else if (code != WinError.ERROR_IO_PENDING) {
			op.pending = false;
		}
		return code;
	}

	@Override
	public int flushFileBuffers(long handle) {
		int result;
		synchronized (this) {
			this.calls.add("FlushFileBuffers(" + handle + ")");
			requireOpen(handle);
			Integer scripted = this.script.flushResults.poll();
			result = (scripted != null) ? scripted : WinError.ERROR_SUCCESS;
			if (result != Win32Script.BLOCK) {
				return result;
			}
			this.blockedFlushes.add(handle);
			notifyAll();
			while (this.blockedFlushes.contains(handle)) {
				waitUninterruptibly(0);
			}
		}
		return WinError.ERROR_OPERATION_ABORTED;
	}

	@Override
	public synchronized int getOverlappedResult(long handle, Overlapped operation, boolean wait) {
		FakeOverlapped op = (FakeOverlapped) operation;
		this.calls.add("GetOverlappedResult(" + handle + ", wait=" + wait + ")");
		if (op.handle != handle) {
			throw new AssertionError("GetOverlappedResult on handle " + handle + " for an operation on " + op.handle);
		}
		if (op.pending) {
			if (!wait) {
				throw new AssertionError("GetOverlappedResult(wait=false) before completion: " + op);
			}
			if (!op.cancelled) {
				throw new AssertionError("GetOverlappedResult(wait=true) would block forever: " + op);
			}
			complete(op, WinError.ERROR_OPERATION_ABORTED, new byte[0]);
		}
		return op.code;
	}

	@Override
	public synchronized int cancelIoEx(long handle, Overlapped operation) {
		this.calls.add("CancelIoEx(" + handle + ")");
		FakeOverlapped op = (FakeOverlapped) operation;
		if (!op.pending) {
			return WinError.ERROR_NOT_FOUND;
		}
		op.cancelled = true;
		return WinError.ERROR_SUCCESS;
	}

	@Override
	public synchronized int cancelIo(long handle) {
		this.calls.add("CancelIoEx(" + handle + ", NULL)");
		requireOpen(handle);
		boolean found = this.blockedFlushes.remove(handle);
		notifyAll();
		return found ? WinError.ERROR_SUCCESS : WinError.ERROR_NOT_FOUND;
	}

	@Override
	public synchronized void closeHandle(long handle) {
		if (this.pipeHandles.contains(handle)) {
			this.calls.add("CloseHandle(" + handle + ")");
			if (hasPendingOn(handle)) {
				throw new AssertionError("CloseHandle with I/O in flight on " + handle);
			}
		}
		forget(handle);
	}

	@Override
	public synchronized String currentUserSid() {
		return USER_SID;
	}

	@Override
	public String errorText(int code) {
		return (code == WinError.ERROR_INVALID_HANDLE) ? "The handle is invalid." : "";
	}

	@Override
	public synchronized Overlapped newOverlapped(int bufferSize) {
		FakeOverlapped op = new FakeOverlapped(this, newHandle(), ByteBuffer.allocate(bufferSize));
		this.operations.add(op);
		return op;
	}

	private FakeOverlapped start(long handle, Overlapped operation, int length) {
		FakeOverlapped op = (FakeOverlapped) operation;
		requireOpen(handle);
		if (op.freed || op.pending) {
			throw new AssertionError("operation reused while " + (op.freed ? "freed" : "in flight"));
		}
		op.handle = handle;
		op.pending = true;
		op.cancelled = false;
		op.requested = length;
		op.transferred = 0;
		reset(op.event);
		return op;
	}


}
