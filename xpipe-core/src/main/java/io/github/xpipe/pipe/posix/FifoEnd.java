package io.github.xpipe.pipe.posix;

import java.io.IOException;

import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.PipeEnd;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open/close life cycle both FIFO ends share: opened once, closed from any thread, and a
 * {@link FifoDescriptor} that exists from the start of {@code open} so that {@link #close()} can
 * cancel a waiting open too. The FIFO descriptors themselves belong to the subclass, which closes
 * them in {@link #releaseFifoDescriptors()} once no thread uses them any more.
 */
abstract class FifoEnd implements PipeEnd {

	private static final Logger logger = LoggerFactory.getLogger(FifoEnd.class);

	protected final FifoPath fifo;

	protected final PipeOptions options;

	private final String role;

	private final Object lifecycleLock = new Object();

	private @Nullable FifoDescriptor descriptor;

	private boolean closed;

	private volatile boolean opened;

	FifoEnd(FifoPath fifo, PipeOptions options, String role) {
		this.fifo = fifo;
		this.options = options;
		this.role = role;
	}

	/**
	 * Starts {@code open}: makes the descriptor holder and enters it. The caller must call
	 * {@link #finishOpening} on success and {@link #failOpening} on failure, then leave it.
	 */
	final FifoDescriptor startOpening() throws PipeException {
		FifoDescriptor opening;
		synchronized (this.lifecycleLock) {
			if (this.closed) {
				throw new PipeClosedException(this.fifo.pipeName(), this.role + " is closed");
			}
			if (this.descriptor != null) {
				throw new IllegalStateException(
						"The " + this.role + " of pipe '" + this.fifo.pipeName() + "' was opened already");
			}
			try {
				opening = new FifoDescriptor(this.fifo.pipeName(), this.role, this::releaseFifoDescriptors);
			}
			catch (IOException ex) {
				throw new PipeException(this.fifo.pipeName(), ex.getMessage(), ex);
			}
			this.descriptor = opening;
		}
		opening.enter();
		return opening;
	}

	/** The FIFO descriptor is attached: the end is usable. */
	final void finishOpening() {
		this.opened = true;
		logger.debug("Pipe '{}': {} open on {}", this.fifo.pipeName(), this.role, this.fifo.path());
	}

	/** Open failed: this end is closed and unusable. */
	final void failOpening(FifoDescriptor opening) {
		synchronized (this.lifecycleLock) {
			this.closed = true;
		}
		opening.close();
	}

	/**
	 * The descriptor holder of an open end.
	 * @throws PipeClosedException when closed
	 * @throws IllegalStateException when not (or not yet) open
	 */
	final FifoDescriptor requireOpen() throws PipeClosedException {
		synchronized (this.lifecycleLock) {
			if (this.closed) {
				throw new PipeClosedException(this.fifo.pipeName(), this.role + " is closed");
			}
			if (this.descriptor == null || !this.opened) {
				throw new IllegalStateException(
						"The " + this.role + " of pipe '" + this.fifo.pipeName() + "' is not open: call open() first");
			}
			return this.descriptor;
		}
	}

	/** Whether this end is open and not closed. */
	final boolean isUsable() {
		synchronized (this.lifecycleLock) {
			return this.opened && !this.closed;
		}
	}

	@Override
	public final void close() {
		FifoDescriptor toClose;
		synchronized (this.lifecycleLock) {
			if (this.closed && this.descriptor == null) {
				return;
			}
			this.closed = true;
			toClose = this.descriptor;
		}
		if (toClose != null && !toClose.isClosed()) {
			toClose.close();
			logger.debug("Pipe '{}': {} closed", this.fifo.pipeName(), this.role);
		}
	}

	/**
	 * Closes (or hands over) the FIFO descriptors this end holds. Called once, after {@link #close()}
	 * or a failed open, when no thread uses them any more.
	 */
	abstract void releaseFifoDescriptors();

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.fifo + "]";
	}

}
