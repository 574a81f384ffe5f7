package io.github.xpipe.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.ReadEndStatus;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeBackends;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * A declared pipe as a lifecycle-managed bean. With {@code create} set, it creates the OS pipe when
 * it starts, in an early {@link #PHASE phase} (before any listener container starts), and removes
 * it when it stops, after every listener container has stopped; a FIFO that already existed is
 * reused and never removed. Without {@code create} it only connects to a pipe another process owns.
 *
 * <p>On POSIX an inbound pipe is {@linkplain NamedPipe#holdReader() held readable} while it runs: a
 * read descriptor of the FIFO is kept open whenever no read end of this application reads it (a
 * listener stopping and starting again, or reopening after a failure), so writers neither fail nor
 * lose what the kernel buffered meanwhile, and the next read end learns whether the stream stopped on
 * a frame boundary (it resynchronises only when it did not). The descriptor is held only between read
 * ends, never alongside one: a descriptor held for the pipe's whole life would pin the FIFO it was
 * opened on, so after a peer deleted and re-created the FIFO, writers of the new one would find no
 * reader and what was left in the old one would never be read. Read ends follow the FIFO at the path
 * instead, and wait for it when it does not exist (yet).
 *
 * <p>It also holds this application's write end of an outbound pipe: connected lazily by the first
 * {@link #send}, waiting at most the pipe's connect timeout for a reader, shared by all senders, and
 * reconnected by the next send after the reader went away. With {@link SendMode#QUEUED} a send
 * queues its message for the write end's sender thread; stopping then first waits, at most the
 * connect timeout, for the queued messages to be written.
 *
 * <p>Thread-safe.
 */
public class ManagedPipe implements SmartLifecycle, DisposableBean {

	/**
	 * The lifecycle phase of pipes: early, so pipes exist before listener containers
	 * ({@code io.github.xpipe.listener.PipeListenerContainer#DEFAULT_PHASE}) start and are removed
	 * only after they stopped.
	 */
	public static final int PHASE = Integer.MIN_VALUE + 1000;

	private static final Log logger = LogFactory.getLog(ManagedPipe.class);

	private final PipeDefinition definition;

	private final NamedPipe namedPipe;

	private final Object lifecycleMonitor = new Object();

	private final ReentrantLock connectLock = new ReentrantLock();

	private volatile @Nullable WritePipeEnd writeEnd;

	private volatile @Nullable WritePipeEnd connecting;

	/** The read end opened last, to report what it is doing. */
	private volatile @Nullable ReadPipeEnd lastReadEnd;

	private volatile boolean running;

	/** A pipe on the backend of the running operating system. */
	public ManagedPipe(PipeDefinition definition) {
		this(definition, PipeBackends.current());
	}

	/** A pipe on the given backend. */
	public ManagedPipe(PipeDefinition definition, PipeBackend backend) {
		this.definition = definition;
		this.namedPipe = NamedPipe.of(definition.nameOrPath(),
				definition.options().withDirection(definition.direction()), backend);
	}

	/** The declared name. */
	public String getName() {
		return this.definition.name();
	}

	/** The operating-system path, e.g. {@code /run/user/1000/xpipe/orders} or {@code \\.\pipe\orders}. */
	public String getPath() {
		return this.namedPipe.path();
	}

	public PipeDefinition getDefinition() {
		return this.definition;
	}

	/** The plain-Java pipe underneath. */
	public NamedPipe getNamedPipe() {
		return this.namedPipe;
	}

	public PipeDirection getDirection() {
		return this.definition.direction();
	}

	/** Creates the OS pipe if this application owns it. */
	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			if (this.definition.create()) {
				checkDirectoryWritable();
				try {
					this.namedPipe.create();
				}
				catch (PipeException ex) {
					throw new PipeCreationException(getName(), getPath(),
							"Cannot create pipe '" + getName() + "' at " + getPath() + ": " + ex.getMessage(), ex);
				}
			}
			holdReader();
			this.running = true;
			if (logger.isInfoEnabled()) {
				logger.info("Pipe '" + getName() + "' (" + DirectionNames.of(getDirection()) + ", "
						+ this.definition.codec().framing().id() + ") at " + getPath()
						+ (this.definition.create() ? "" : ", owned by another process"));
			}
		}
	}

	/** Closes the write end, if any, and removes the OS pipe if this application created it. */
	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			closeQuietly(this.connecting);
			drainQueued(this.writeEnd);
			closeQuietly(this.writeEnd);
			this.writeEnd = null;
			this.namedPipe.releaseReader();
			try {
				this.namedPipe.delete();
			}
			catch (PipeException ex) {
				logger.warn("Could not remove pipe '" + getName() + "' at " + getPath() + ": " + ex.getMessage(), ex);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Same as {@link #stop()}: a pipe created by a context whose startup failed is removed too. */
	@Override
	public void destroy() {
		stop();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Opens a new read end on this pipe. The caller owns it and closes it.
	 * @throws PipeException when the read end cannot be opened
	 */
	public ReadPipeEnd openReadEnd() throws PipeException {
		requireRunning();
		ReadPipeEnd end = new ReadPipeEnd(this.namedPipe, this.definition.codec()).open(this.definition.connectTimeout());
		this.lastReadEnd = end;
		return end;
	}

	/**
	 * What the read end opened last on this pipe is doing: reading, waiting for the pipe (its FIFO was
	 * removed, or is not there yet), or closed (none is open); with how often it followed the FIFO at
	 * the path to a new one.
	 */
	public ReadEndStatus getReadStatus() {
		ReadPipeEnd end = this.lastReadEnd;
		return (end != null) ? end.status() : ReadEndStatus.CLOSED;
	}

	/**
	 * Sends one message, connecting first if needed.
	 * @throws io.github.xpipe.pipe.PipeTimeoutException when no reader appeared within the connect timeout
	 * @throws io.github.xpipe.pipe.BrokenPipeException when the reader went away; the next send reconnects
	 * @throws FrameException when the message does not fit the framing (e.g. too large); the connection stays
	 * @throws PipeClosedException when this pipe is not running
	 */
	public void send(byte[] payload) throws IOException {
		send(payload, false);
	}

	/**
	 * Buffers one message in the write end's batch, connecting first if needed: it leaves with the
	 * next {@link #flush()} or send (see {@link SendBatch}). A pipe with {@link SendMode#QUEUED
	 * queued} sends enqueues it instead.
	 * @throws IOException as {@link #send} does
	 */
	void buffer(byte[] payload) throws IOException {
		send(payload, true);
	}

	private void send(byte[] payload, boolean buffered) throws IOException {
		WritePipeEnd end = connectedWriteEnd();
		try {
			if (this.definition.sendMode() == SendMode.QUEUED) {
				end.enqueue(payload);
			}
			else if (buffered) {
				end.buffer(payload);
			}
			else {
				end.write(payload);
			}
		}
		catch (FrameException ex) {
			throw ex;
		}
		catch (IOException ex) {
			disconnect(end);
			throw ex;
		}
	}

	/**
	 * Sends one message without waiting for the write, connecting first if needed (that waits, up to
	 * the connect timeout, for a reader). A failed write disconnects, as for {@link #send}.
	 * @return completed once the frame was handed to the kernel, or exceptionally with the
	 * {@link IOException} of {@link #send}
	 */
	public CompletableFuture<Void> sendAsync(byte[] payload) {
		WritePipeEnd end;
		try {
			end = connectedWriteEnd();
		}
		catch (PipeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<Void> result = new CompletableFuture<>();
		end.writeAsync(payload).whenComplete((ignored, failure) -> {
			if (failure == null) {
				result.complete(null);
				return;
			}
			if (!(failure instanceof FrameException)) {
				disconnect(end);
			}
			result.completeExceptionally(failure);
		});
		return result;
	}

	/**
	 * Waits until the messages sent before were handed to the kernel (only {@link SendMode#QUEUED}
	 * sends, and messages of a {@link SendBatch}, can still be waiting); returns at once when not
	 * connected.
	 * @throws io.github.xpipe.pipe.BrokenPipeException when the reader went away first; the next send reconnects
	 */
	public void flush() throws IOException {
		WritePipeEnd end = this.writeEnd;
		if (end == null) {
			return;
		}
		try {
			end.flush();
		}
		catch (IOException ex) {
			disconnect(end);
			throw ex;
		}
	}

	/** Whether this application currently holds a connected write end of the pipe. */
	public boolean isConnected() {
		WritePipeEnd end = this.writeEnd;
		return end != null && end.isOpen();
	}

	private WritePipeEnd connectedWriteEnd() throws PipeException {
		WritePipeEnd end = this.writeEnd;
		if (end != null) {
			return end;
		}
		this.connectLock.lock();
		try {
			end = this.writeEnd;
			if (end == null) {
				requireRunning();
				WritePipeEnd candidate = new WritePipeEnd(this.namedPipe, this.definition.codec());
				this.connecting = candidate;
				try {
					candidate.open(this.definition.connectTimeout());
				}
				finally {
					this.connecting = null;
				}
				if (!this.running) {
					candidate.close();
					requireRunning();
				}
				this.writeEnd = candidate;
				end = candidate;
			}
			return end;
		}
		finally {
			this.connectLock.unlock();
		}
	}

	private void disconnect(WritePipeEnd end) {
		end.close();
		this.connectLock.lock();
		try {
			if (this.writeEnd == end) {
				this.writeEnd = null;
			}
		}
		finally {
			this.connectLock.unlock();
		}
	}

	/** Gives queued messages up to the connect timeout to leave before the write end closes. */
	private void drainQueued(@Nullable WritePipeEnd end) {
		if (end == null || this.definition.sendMode() != SendMode.QUEUED) {
			return;
		}
		try {
			if (!end.flush(this.definition.connectTimeout())) {
				logger.warn("Pipe '" + getName() + "': queued messages were not all written within "
						+ this.definition.connectTimeout().toMillis() + " ms of stopping (the reader is not reading);"
						+ " they are dropped");
			}
		}
		catch (IOException ex) {
			logger.warn("Pipe '" + getName() + "': queued messages could not be written before stopping: "
					+ ex.getMessage());
		}
	}

	private void requireRunning() throws PipeClosedException {
		if (!this.running) {
			throw new PipeClosedException(getName(),
					"not started: pipes are usable from the application context's start until its stop");
		}
	}

	private void checkDirectoryWritable() {
		if (PipeBackends.isWindows()) {
			return;
		}
		Path directory = Path.of(getPath()).toAbsolutePath().getParent();
		while (directory != null && !Files.exists(directory)) {
			directory = directory.getParent();
		}
		if (directory != null && !Files.isWritable(directory)) {
			throw new PipeDirectoryNotWritableException(getName(), getPath(), directory);
		}
	}

	/** Holds an inbound pipe readable between read ends (POSIX; see the class description). */
	private void holdReader() {
		if (getDirection() != PipeDirection.INBOUND) {
			return;
		}
		try {
			this.namedPipe.holdReader();
		}
		catch (PipeException ex) {
			logger.warn("Pipe '" + getName() + "': cannot hold it open between read ends: " + ex.getMessage());
		}
	}

	private static void closeQuietly(@Nullable WritePipeEnd end) {
		if (end != null) {
			end.close();
		}
	}

	@Override
	public String toString() {
		return "ManagedPipe[" + getName() + " " + DirectionNames.of(getDirection()) + " " + getPath() + "]";
	}

}
