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

/**
 * A recording fake of {@link Win32Pipes}: it logs every call with its exact arguments, answers from
 * per-call scripts, models OVERLAPPED operations and manual-reset events (a wait really blocks until
 * an event is signalled or its time-out passes), and fails loudly on misuse: freeing an operation
 * still in flight, closing a handle twice or one it never handed out.
 */
final class RecordingWin32Pipes implements Win32Pipes {

	static final String USER_SID = "S-1-5-21-1004336348-1177238915-682003330-1001";

	/** Every call, in order, as {@code Name(arg, ...)}. Waits and results are not recorded. */
	final List<String> calls = new ArrayList<>();

	/** Scripted CreateNamedPipe failures, in order; success when empty or 0. */
	final Deque<Integer> createNamedPipeErrors = new ArrayDeque<>();

	/** Scripted CreateFile failures, in order; {@link #createFileDefault} when empty, 0 for success. */
	final Deque<Integer> createFileErrors = new ArrayDeque<>();

	/** What CreateFile fails with once its script is used up; 0 for success. */
	volatile int createFileDefault;

	/** What WaitNamedPipe returns once its script is used up. */
	volatile int waitNamedPipeDefault;

	/** Scripted WaitNamedPipe results; success when empty. */
	final Deque<Integer> waitNamedPipeResults = new ArrayDeque<>();

	/** Scripted ConnectNamedPipe results; ERROR_IO_PENDING when empty. */
	final Deque<Integer> connectResults = new ArrayDeque<>();

	/**
	 * Scripted ReadFile results: a {@code byte[]} completes at once with that data, an Integer is a
	 * code (ERROR_IO_PENDING leaves the read in flight); ERROR_IO_PENDING when empty.
	 */
	final Deque<Object> readResults = new ArrayDeque<>();

	/**
	 * Scripted WriteFile results: an Integer code (ERROR_SUCCESS writes everything at once) or an
	 * {@code int[]{ERROR_SUCCESS, n}} writing only n bytes; ERROR_SUCCESS when empty.
	 */
	final Deque<Object> writeResults = new ArrayDeque<>();

	/** Bytes written per handle. */
	final Map<Long, ByteArrayOutputStream> written = new HashMap<>();

	final Set<Long> openHandles = new LinkedHashSet<>();

	final List<Op> operations = new ArrayList<>();

	/** The pipe handle CreateNamedPipe or CreateFile returned last. */
	volatile long lastPipe;

	private final Set<Long> signalled = new HashSet<>();

	private final Set<Long> pipeHandles = new HashSet<>();

	private long nextHandle = 0x100;

	private int waits;

	private Runnable onWait = () -> {
	};

	/** Runs before every wait (before the check for signalled events), e.g. to complete an operation. */
	synchronized void onWait(Runnable action) {
		this.onWait = action;
	}

	synchronized int waitCount() {
		return this.waits;
	}

	/** Completes an operation in flight: copies {@code data} into its buffer and signals its event. */
	synchronized void complete(Op op, int code, byte[] data) {
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
		this.signalled.add(op.event);
		notifyAll();
	}

	/** The operation in flight on {@code handle}. */
	synchronized Op pendingOn(long handle) {
		for (Op op : this.operations) {
			if (op.pending && op.handle == handle) {
				return op;
			}
		}
		throw new AssertionError("no operation in flight on handle " + handle + ": " + this.calls);
	}

	synchronized boolean hasPendingOn(long handle) {
		return this.operations.stream().anyMatch((op) -> op.pending && op.handle == handle);
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

	/** Handles still open that are pipes (not events). */
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
		return pipeHandle("CreateNamedPipe", this.createNamedPipeErrors);
	}

	@Override
	public synchronized long createFile(String path, int desiredAccess, int flagsAndAttributes) throws Win32Exception {
		this.calls.add(String.format("CreateFile(%s, access=0x%08x, flags=0x%08x)", path, desiredAccess,
				flagsAndAttributes));
		Integer error = this.createFileErrors.poll();
		return pipeHandle("CreateFile", (error != null) ? error : this.createFileDefault);
	}

	private long pipeHandle(String function, Deque<Integer> errors) throws Win32Exception {
		return pipeHandle(function, errors.poll());
	}

	private long pipeHandle(String function, Integer error) throws Win32Exception {
		if (error != null && error != ERROR_SUCCESS) {
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
		Integer result = this.waitNamedPipeResults.poll();
		return (result != null) ? result : this.waitNamedPipeDefault;
	}

	@Override
	public synchronized int connectNamedPipe(long pipe, Overlapped operation) {
		this.calls.add("ConnectNamedPipe(" + pipe + ")");
		Op op = start(pipe, operation, 0);
		Integer result = this.connectResults.poll();
		int code = (result != null) ? result : ERROR_IO_PENDING;
		if (code != ERROR_IO_PENDING) {
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
		return ERROR_SUCCESS;
	}

	@Override
	public synchronized int readFile(long handle, Overlapped operation, int length) {
		this.calls.add("ReadFile(" + handle + ", " + length + ")");
		Op op = start(handle, operation, length);
		Object result = this.readResults.poll();
		if (result == null) {
			return ERROR_IO_PENDING;
		}
		if (result instanceof byte[] data) {
			complete(op, ERROR_SUCCESS, data);
			return ERROR_SUCCESS;
		}
		int code = (Integer) result;
		if (code == ERROR_MORE_DATA) {
			byte[] full = new byte[length];
			Arrays.fill(full, (byte) 'm');
			complete(op, ERROR_MORE_DATA, full);
		}
		else if (code != ERROR_IO_PENDING) {
			op.pending = false;
		}
		return code;
	}

	@Override
	public synchronized int writeFile(long handle, Overlapped operation, int length) {
		this.calls.add("WriteFile(" + handle + ", " + length + ")");
		Op op = start(handle, operation, length);
		Object result = this.writeResults.poll();
		int code = ERROR_SUCCESS;
		int count = length;
		if (result instanceof int[] partial) {
			code = partial[0];
			count = partial[1];
		}
		else if (result != null) {
			code = (Integer) result;
		}
		if (code == ERROR_SUCCESS || code == ERROR_IO_PENDING) {
			byte[] bytes = new byte[count];
			op.buffer.get(0, bytes);
			this.written.computeIfAbsent(handle, (h) -> new ByteArrayOutputStream()).writeBytes(bytes);
		}
		if (code == ERROR_SUCCESS) {
			op.requested = count;
			complete(op, ERROR_SUCCESS, null);
		}
		else if (code != ERROR_IO_PENDING) {
			op.pending = false;
		}
		return code;
	}

	@Override
	public synchronized int getOverlappedResult(long handle, Overlapped operation, boolean wait) {
		Op op = (Op) operation;
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
			complete(op, ERROR_OPERATION_ABORTED, new byte[0]);
		}
		return op.code;
	}

	@Override
	public synchronized int cancelIoEx(long handle, Overlapped operation) {
		this.calls.add("CancelIoEx(" + handle + ")");
		Op op = (Op) operation;
		if (!op.pending) {
			return 1168; // ERROR_NOT_FOUND: nothing to cancel
		}
		op.cancelled = true;
		return ERROR_SUCCESS;
	}

	@Override
	public synchronized long createEvent() {
		return newHandle();
	}

	@Override
	public synchronized void setEvent(long event) {
		this.signalled.add(event);
		notifyAll();
	}

	@Override
	public int waitForMultipleObjects(long[] handles, int count, int timeoutMillis) {
		if (count < 1 || count > MAXIMUM_WAIT_OBJECTS) {
			throw new AssertionError("WaitForMultipleObjects takes 1 to 64 handles, not " + count);
		}
		Runnable action;
		synchronized (this) {
			this.waits++;
			action = this.onWait;
		}
		action.run();
		synchronized (this) {
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
			while (true) {
				for (int i = 0; i < count; i++) {
					requireOpen(handles[i]);
					if (this.signalled.contains(handles[i])) {
						return WAIT_OBJECT_0 + i;
					}
				}
				long remaining = deadline - System.nanoTime();
				if (timeoutMillis != INFINITE && remaining <= 0) {
					return WAIT_TIMEOUT;
				}
				try {
					wait((timeoutMillis == INFINITE) ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("interrupted in WaitForMultipleObjects");
				}
			}
		}
	}

	@Override
	public synchronized void closeHandle(long handle) {
		if (this.pipeHandles.contains(handle)) {
			this.calls.add("CloseHandle(" + handle + ")");
			if (hasPendingOn(handle)) {
				throw new AssertionError("CloseHandle with I/O in flight on " + handle);
			}
		}
		if (!this.openHandles.remove(handle)) {
			throw new AssertionError("closing handle " + handle + " which is not open");
		}
	}

	@Override
	public synchronized String currentUserSid() {
		return USER_SID;
	}

	@Override
	public synchronized Overlapped newOverlapped(int bufferSize) {
		Op op = new Op(newHandle(), ByteBuffer.allocate(bufferSize));
		this.operations.add(op);
		return op;
	}

	private Op start(long handle, Overlapped operation, int length) {
		Op op = (Op) operation;
		requireOpen(handle);
		if (op.freed || op.pending) {
			throw new AssertionError("operation reused while " + (op.freed ? "freed" : "in flight"));
		}
		op.handle = handle;
		op.pending = true;
		op.cancelled = false;
		op.requested = length;
		op.transferred = 0;
		this.signalled.remove(op.event);
		return op;
	}

	private void requireOpen(long handle) {
		if (!this.openHandles.contains(handle)) {
			throw new AssertionError("handle " + handle + " is not open");
		}
	}

	private long newHandle() {
		long handle = this.nextHandle;
		this.nextHandle += 4;
		this.openHandles.add(handle);
		return handle;
	}

	/** One fake OVERLAPPED with its event and buffer. */
	final class Op implements Overlapped {

		final long event;

		final ByteBuffer buffer;

		long handle;

		boolean pending;

		boolean cancelled;

		boolean freed;

		int requested;

		int transferred;

		int code;

		Op(long event, ByteBuffer buffer) {
			this.event = event;
			this.buffer = buffer;
		}

		@Override
		public long event() {
			return this.event;
		}

		@Override
		public ByteBuffer buffer() {
			return this.buffer;
		}

		@Override
		public int transferred() {
			synchronized (RecordingWin32Pipes.this) {
				return this.transferred;
			}
		}

		@Override
		public void free() {
			synchronized (RecordingWin32Pipes.this) {
				if (this.pending) {
					throw new AssertionError("OVERLAPPED freed while its I/O is in flight on " + this.handle);
				}
				if (this.freed) {
					throw new AssertionError("OVERLAPPED freed twice");
				}
				this.freed = true;
				closeHandle(this.event);
			}
		}

		@Override
		public String toString() {
			return "Op[handle=" + this.handle + ", pending=" + this.pending + ", cancelled=" + this.cancelled + "]";
		}

	}

}
