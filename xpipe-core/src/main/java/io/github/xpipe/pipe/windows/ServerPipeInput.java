package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinError;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.spi.InputSink;
import io.github.xpipe.pipe.spi.PipeInput;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jspecify.annotations.Nullable;

/**
 * The reading end of a pipe this process serves: two server instances are always listening (fewer
 * only if {@code maxInstances} says so), and each writer that connects gets its own instance and
 * connection id, so concurrent writers never mix. The second listener is there for writers that
 * connect one right after another without waiting for a free instance (pywin32 peers open with a
 * plain {@code CreateFile}, which fails when no instance listens): while the reader thread sets up a
 * new listener for the next writer, one is already waiting.
 *
 * <p>Every instance has one overlapped operation in flight (ConnectNamedPipe while listening,
 * ReadFile while connected). All instances are associated with one I/O completion port, so
 * {@link #read} waits for whichever finishes first with one {@code GetQueuedCompletionStatus}, for
 * any number of instances ({@code WaitForMultipleObjects} would stop at 63). {@link #close()} wakes
 * that wait by posting a completion of its own. Completions arrive in the order operations finish,
 * so a busy writer cannot starve the others.
 *
 * <p>An operation that fails at once queues no completion and is handled before the next wait; one
 * that succeeds at once, or reports {@code ERROR_MORE_DATA} (a message longer than the buffer, whose
 * rest the next read returns), still queues one, and is handled when it arrives.
 *
 * <p>A handle stays associated with its port for life, so the instances this end used never go back
 * to the created pipe: they are closed, and the created pipe keeps the name with a fresh instance
 * ({@link WindowsCreatedPipe#closeInstance}).
 */
final class ServerPipeInput extends WindowsPipeEnd implements PipeInput {

	private static final Logger logger = LoggerFactory.getLogger(ServerPipeInput.class);

	/** The completion key of the wake-up {@link #close()} posts; instances have keys from 1. */
	private static final long WAKE_KEY = 0;

	/** How many instances listen for writers whenever the instance limit allows. */
	static final int LISTENERS = 2;

	private final WindowsCreatedPipe created;

	private final int readBufferSize;

	private final int instanceLimit;

	/** Instances by completion key, in the order they were added. */
	private final Map<Long, Instance> instances = new LinkedHashMap<>();

	/** Instances whose operation failed at once (no completion comes), handled before waiting. */
	private final ArrayDeque<Instance> ready = new ArrayDeque<>();

	/** Guards {@link #port} between close()'s wake-up and its release. */
	private final Object portGuard = new Object();

	private long port;

	private long lastKey;

	private long lastConnectionId;

	ServerPipeInput(Win32Pipes win32, String name, String path, WindowsCreatedPipe created, int readBufferSize,
			int maxInstances) {
		super(win32, name, path);
		this.created = created;
		this.readBufferSize = readBufferSize;
		this.instanceLimit = (maxInstances > 0) ? maxInstances : Integer.MAX_VALUE;
	}

	@Override
	void openEnd(long deadlineNanos, Duration timeout) throws PipeException, Win32Exception {
		long completionPort = this.win32.createIoCompletionPort();
		synchronized (this.portGuard) {
			this.port = completionPort;
		}
		listen(addInstance(this.created.acquireInstance()));
		keepListening();
	}

	@Override
	void wakeBlockedCall() {
		synchronized (this.portGuard) {
			if (this.port != 0) {
				this.win32.postQueuedCompletionStatus(this.port, WAKE_KEY);
			}
		}
	}

	@Override
	public boolean read(InputSink sink, long timeoutNanos) throws IOException {
		this.lock.lock();
		try {
			requireNotClosed();
			long deadline = deadlineAfter(timeoutNanos);
			while (true) {
				Instance next = this.ready.poll();
				if (next == null) {
					next = awaitCompletion(deadline);
					if (next == null) {
						return false;
					}
				}
				if (complete(next, sink)) {
					requireNotClosed();
					return true;
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Waits for an instance's operation to finish; fetches its result. Null when the deadline passed. */
	private @Nullable Instance awaitCompletion(long deadline) throws IOException {
		while (true) {
			requireNotClosed();
			int millis = millisUntil(deadline);
			long key;
			try {
				key = this.win32.getQueuedCompletionStatus(this.port, millis);
			}
			catch (Win32Exception ex) {
				throw failure("cannot wait for I/O on " + this.path, ex);
			}
			if (key == Win32Pipes.NO_COMPLETION) {
				if (millis != WinBase.INFINITE && deadline - System.nanoTime() <= 0) {
					return null;
				}
				continue;
			}
			Instance instance = this.instances.get(key);
			if (instance == null || !instance.pending) {
				// the wake-up of close(), checked above; or nothing of ours
				continue;
			}
			int code = this.win32.getOverlappedResult(instance.handle, instance.operation, false);
			if (code == WinError.ERROR_IO_INCOMPLETE) {
				// a completion Windows queued for an operation that finished at once and failed
				continue;
			}
			instance.pending = false;
			instance.code = code;
			return instance;
		}
	}

	/** Acts on a finished operation; returns whether the sink was told something. */
	private boolean complete(Instance instance, InputSink sink) throws IOException {
		int code = instance.code;
		if (instance.connectionId == 0) {
			switch (code) {
				case WinError.ERROR_SUCCESS, WinError.ERROR_PIPE_CONNECTED, WinError.ERROR_NO_DATA -> {
					// ERROR_NO_DATA: the writer came and went before the connect; read what it left
					connected(instance, sink);
					return true;
				}
				default -> throw failure("ConnectNamedPipe on " + this.path + " failed", code);
			}
		}
		switch (code) {
			case WinError.ERROR_SUCCESS, WinError.ERROR_MORE_DATA -> {
				// ERROR_MORE_DATA in message read mode: the rest of the message follows
				int count = instance.operation.transferred();
				try {
					if (count > 0) {
						ByteBuffer data = instance.operation.buffer();
						data.limit(count).position(0);
						sink.onData(instance.connectionId, data);
					}
				}
				finally {
					// even if the sink threw: a connection without a read in flight would stall
					readNext(instance);
				}
				return count > 0;
			}
			case WinError.ERROR_BROKEN_PIPE, WinError.ERROR_PIPE_NOT_CONNECTED, WinError.ERROR_NO_DATA -> {
				disconnected(instance, sink);
				return true;
			}
			default -> throw failure("ReadFile on " + this.path + " failed", code);
		}
	}

	private void connected(Instance instance, InputSink sink) throws IOException {
		instance.connectionId = ++this.lastConnectionId;
		keepListening();
		try {
			sink.onConnected(instance.connectionId);
		}
		finally {
			readNext(instance);
		}
	}

	/** Starts the connection's next read, unless the sink closed this input meanwhile. */
	private void readNext(Instance instance) {
		if (!isClosed()) {
			startRead(instance);
		}
	}

	private void disconnected(Instance instance, InputSink sink) throws IOException {
		long connectionId = instance.connectionId;
		boolean enoughListen = listeners() >= LISTENERS;
		instance.connectionId = 0;
		this.win32.disconnectNamedPipe(instance.handle);
		if (enoughListen) {
			this.instances.remove(instance.key);
			instance.operation.free();
			this.win32.closeHandle(instance.handle);
		}
		else {
			listen(instance);
		}
		sink.onDisconnected(connectionId);
	}

	/** Adds listening instances until {@link #LISTENERS} listen or the instance limit is reached. */
	private void keepListening() throws PipeException {
		while (listeners() < LISTENERS && this.instances.size() < this.instanceLimit) {
			long handle;
			try {
				handle = this.created.acquireInstance();
			}
			catch (Win32Exception ex) {
				if (ex.code() != WinError.ERROR_PIPE_BUSY) {
					logger.warn("Pipe '{}': cannot add a listening instance, writers will wait for a free one: {}",
							this.name, ex.getMessage());
				}
				return;
			}
			listen(addInstance(handle));
		}
	}

	private int listeners() {
		int listening = 0;
		for (Instance instance : this.instances.values()) {
			if (instance.connectionId == 0) {
				listening++;
			}
		}
		return listening;
	}

	private Instance addInstance(long handle) throws PipeException {
		long key = ++this.lastKey;
		try {
			this.win32.associateWithPort(handle, this.port, key);
		}
		catch (Win32Exception ex) {
			this.created.releaseInstance(handle);
			throw failure("cannot associate an instance of " + this.path + " with a completion port", ex);
		}
		Win32Pipes.Overlapped operation;
		try {
			operation = this.win32.newOverlapped(this.readBufferSize);
		}
		catch (Win32Exception ex) {
			this.created.closeInstance(handle);
			throw failure("cannot allocate overlapped I/O", ex);
		}
		Instance instance = new Instance(key, handle, operation);
		this.instances.put(key, instance);
		return instance;
	}

	private void listen(Instance instance) throws PipeException {
		int code = this.win32.connectNamedPipe(instance.handle, instance.operation);
		switch (code) {
			case WinError.ERROR_IO_PENDING, WinError.ERROR_SUCCESS -> instance.pending = true;
			case WinError.ERROR_PIPE_CONNECTED, WinError.ERROR_NO_DATA -> ready(instance, code);
			default -> throw failure("ConnectNamedPipe on " + this.path + " failed", code);
		}
	}

	private void startRead(Instance instance) {
		int code = this.win32.readFile(instance.handle, instance.operation, this.readBufferSize);
		switch (code) {
			case WinError.ERROR_IO_PENDING, WinError.ERROR_SUCCESS, WinError.ERROR_MORE_DATA -> instance.pending = true;
			default -> ready(instance, code);
		}
	}

	private void ready(Instance instance, int code) {
		instance.code = code;
		this.ready.add(instance);
	}

	@Override
	void releaseEnd() {
		List<Instance> all = new ArrayList<>(this.instances.values());
		for (Instance instance : all) {
			if (instance.pending) {
				cancelAndAwait(instance.handle, instance.operation);
				instance.pending = false;
			}
			instance.operation.free();
		}
		// close all but one at once; the last makes way for a fresh instance that keeps the name
		for (int i = 0; i < all.size() - 1; i++) {
			this.win32.closeHandle(all.get(i).handle);
		}
		if (!all.isEmpty()) {
			this.created.closeInstance(all.get(all.size() - 1).handle);
		}
		this.instances.clear();
		this.ready.clear();
		synchronized (this.portGuard) {
			if (this.port != 0) {
				this.win32.closeHandle(this.port);
				this.port = 0;
			}
		}
	}

	/** One server instance and its single operation in flight. */
	private static final class Instance {

		final long key;

		final long handle;

		final Win32Pipes.Overlapped operation;

		/** The writer's connection id, 0 while listening. */
		long connectionId;

		/** Whether a completion for the operation is still to come. */
		boolean pending;

		int code;

		Instance(long key, long handle, Win32Pipes.Overlapped operation) {
			this.key = key;
			this.handle = handle;
			this.operation = operation;
		}

	}

}
