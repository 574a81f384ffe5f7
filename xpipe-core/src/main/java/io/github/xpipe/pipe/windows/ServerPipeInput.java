package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.spi.InputSink;
import io.github.xpipe.pipe.spi.PipeInput;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.jspecify.annotations.Nullable;

/**
 * The reading end of a pipe this process serves: one server instance is always listening, and each
 * writer that connects gets its own instance and connection id, so concurrent writers never mix.
 *
 * <p>Every instance has one overlapped operation in flight (ConnectNamedPipe while listening,
 * ReadFile while connected), each with its own event; {@link #read} waits for any of them and the
 * cancel event with one {@code WaitForMultipleObjects}. That call takes 64 handles, so at most 63
 * instances are served at a time (fewer if {@code maxInstances} says so): while all are connected
 * no instance listens, and further writers wait in {@code WaitNamedPipe} until one leaves. An
 * I/O completion port would lift that limit at the cost of a second wake-up protocol for close;
 * 63 concurrent writers on one local pipe is far beyond what this backend is for.
 */
final class ServerPipeInput extends WindowsPipeEnd implements PipeInput {

	private static final Logger logger = LoggerFactory.getLogger(ServerPipeInput.class);

	static final int MAX_SERVED_INSTANCES = Win32Pipes.MAXIMUM_WAIT_OBJECTS - 1;

	private final WindowsCreatedPipe created;

	private final int readBufferSize;

	private final int instanceLimit;

	private final List<Instance> instances = new ArrayList<>();

	/** Instances whose operation finished synchronously, handled before waiting. */
	private final ArrayDeque<Instance> ready = new ArrayDeque<>();

	private long lastConnectionId;

	private int rotation;

	ServerPipeInput(Win32Pipes win32, String name, String path, WindowsCreatedPipe created, int readBufferSize,
			int maxInstances) {
		super(win32, name, path);
		this.created = created;
		this.readBufferSize = readBufferSize;
		this.instanceLimit = (maxInstances > 0) ? Math.min(maxInstances, MAX_SERVED_INSTANCES) : MAX_SERVED_INSTANCES;
	}

	@Override
	void openEnd(long deadlineNanos, Duration timeout) throws PipeException, Win32Exception {
		listen(addInstance(this.created.acquireInstance()));
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

	/** Waits for an instance's operation to finish; fetches its result. */
	private @Nullable Instance awaitCompletion(long deadline) throws IOException {
		int count = 0;
		Instance[] waiting = new Instance[this.instances.size()];
		long[] events = new long[waiting.length];
		int size = this.instances.size();
		for (int i = 0; i < size; i++) {
			// rotate the start so a busy writer cannot starve the others
			Instance instance = this.instances.get((i + this.rotation) % size);
			if (instance.pending) {
				waiting[count] = instance;
				events[count++] = instance.operation.event();
			}
		}
		this.rotation = (size > 0) ? (this.rotation + 1) % size : 0;
		int index = awaitAny(events, count, deadline);
		if (index < 0) {
			return null;
		}
		Instance instance = waiting[index];
		instance.pending = false;
		instance.code = this.win32.getOverlappedResult(instance.handle, instance.operation, false);
		return instance;
	}

	/** Acts on a finished operation; returns whether the sink was told something. */
	private boolean complete(Instance instance, InputSink sink) throws IOException {
		int code = instance.code;
		if (instance.connectionId == 0) {
			switch (code) {
				case Win32Pipes.ERROR_SUCCESS, Win32Pipes.ERROR_PIPE_CONNECTED, Win32Pipes.ERROR_NO_DATA -> {
					// ERROR_NO_DATA: the writer came and went before the connect; read what it left
					connected(instance, sink);
					return true;
				}
				default -> throw failure("ConnectNamedPipe on " + this.path + " failed", code);
			}
		}
		switch (code) {
			case Win32Pipes.ERROR_SUCCESS, Win32Pipes.ERROR_MORE_DATA -> {
				// ERROR_MORE_DATA only in message read mode: the rest of the message follows
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
			case Win32Pipes.ERROR_BROKEN_PIPE, Win32Pipes.ERROR_PIPE_NOT_CONNECTED, Win32Pipes.ERROR_NO_DATA -> {
				disconnected(instance, sink);
				return true;
			}
			default -> throw failure("ReadFile on " + this.path + " failed", code);
		}
	}

	private void connected(Instance instance, InputSink sink) throws IOException {
		instance.connectionId = ++this.lastConnectionId;
		keepOneListening();
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
		boolean anotherListens = hasListener();
		instance.connectionId = 0;
		if (anotherListens) {
			this.instances.remove(instance);
			instance.operation.free();
			this.created.releaseInstance(instance.handle);
		}
		else {
			this.win32.disconnectNamedPipe(instance.handle);
			listen(instance);
		}
		sink.onDisconnected(connectionId);
	}

	/** Adds a listening instance when none listens and the limits allow one. */
	private void keepOneListening() throws IOException {
		if (hasListener() || this.instances.size() >= this.instanceLimit) {
			return;
		}
		long handle;
		try {
			handle = this.created.acquireInstance();
		}
		catch (Win32Exception ex) {
			if (ex.code() != Win32Pipes.ERROR_PIPE_BUSY) {
				logger.warn("Pipe '{}': cannot add a listening instance, writers will wait for a free one: {}",
						this.name, ex.getMessage());
			}
			return;
		}
		listen(addInstance(handle));
	}

	private boolean hasListener() {
		for (Instance instance : this.instances) {
			if (instance.connectionId == 0) {
				return true;
			}
		}
		return false;
	}

	private Instance addInstance(long handle) throws PipeException {
		Win32Pipes.Overlapped operation;
		try {
			operation = this.win32.newOverlapped(this.readBufferSize);
		}
		catch (Win32Exception ex) {
			this.created.releaseInstance(handle);
			throw failure("cannot allocate overlapped I/O", ex);
		}
		Instance instance = new Instance(handle, operation);
		this.instances.add(instance);
		return instance;
	}

	private void listen(Instance instance) throws PipeException {
		int code = this.win32.connectNamedPipe(instance.handle, instance.operation);
		switch (code) {
			case Win32Pipes.ERROR_IO_PENDING -> instance.pending = true;
			case Win32Pipes.ERROR_SUCCESS, Win32Pipes.ERROR_PIPE_CONNECTED, Win32Pipes.ERROR_NO_DATA -> ready(instance, code);
			default -> throw failure("ConnectNamedPipe on " + this.path + " failed", code);
		}
	}

	private void startRead(Instance instance) {
		int code = this.win32.readFile(instance.handle, instance.operation, this.readBufferSize);
		if (code == Win32Pipes.ERROR_IO_PENDING) {
			instance.pending = true;
		}
		else if (code == Win32Pipes.ERROR_SUCCESS || code == Win32Pipes.ERROR_MORE_DATA) {
			ready(instance, this.win32.getOverlappedResult(instance.handle, instance.operation, false));
		}
		else {
			ready(instance, code);
		}
	}

	private void ready(Instance instance, int code) {
		instance.code = code;
		this.ready.add(instance);
	}

	@Override
	void releaseEnd() {
		for (Instance instance : this.instances) {
			if (instance.pending) {
				cancelAndAwait(instance.handle, instance.operation);
				instance.pending = false;
			}
			instance.operation.free();
			this.created.releaseInstance(instance.handle);
		}
		this.instances.clear();
		this.ready.clear();
	}

	/** One server instance and its single operation in flight. */
	private static final class Instance {

		final long handle;

		final Win32Pipes.Overlapped operation;

		/** The writer's connection id, 0 while listening. */
		long connectionId;

		boolean pending;

		int code;

		Instance(long handle, Win32Pipes.Overlapped operation) {
			this.handle = handle;
			this.operation = operation;
		}

	}

}
