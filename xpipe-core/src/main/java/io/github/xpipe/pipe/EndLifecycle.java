package io.github.xpipe.pipe;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.xpipe.pipe.spi.PipeEnd;

import org.jspecify.annotations.Nullable;

/**
 * The open-once, close-from-any-thread life of a {@link ReadPipeEnd} or {@link WritePipeEnd} around
 * the backend's {@link PipeEnd}: the backend end is created under a lock, opened outside it (so a
 * concurrent {@link #close()} can cancel the wait), and closed again when opening fails.
 */
final class EndLifecycle<E extends PipeEnd> {

	private final NamedPipe pipe;

	private final String kind;

	private final Object monitor = new Object();

	private volatile @Nullable E end;

	private volatile boolean closed;

	/** @param kind how messages name this end, e.g. {@code "read end"} */
	EndLifecycle(NamedPipe pipe, String kind) {
		this.pipe = pipe;
		this.kind = kind;
	}

	/** Creates the backend end and opens it; see {@link #open(Supplier, Consumer, Duration)}. */
	E open(Supplier<E> factory, Duration timeout) throws PipeException {
		return open(factory, (created) -> {
		}, timeout);
	}

	/**
	 * Creates the backend end, lets {@code prepare} see it before anyone else can, then opens it.
	 * @throws PipeClosedException when {@link #close()} came first or during the wait
	 */
	E open(Supplier<E> factory, Consumer<E> prepare, Duration timeout) throws PipeException {
		E created;
		synchronized (this.monitor) {
			if (this.closed) {
				throw new PipeClosedException(this.pipe.name(), this.kind + " is closed");
			}
			if (this.end != null) {
				throw new IllegalStateException(capitalizedKind() + " of pipe '" + this.pipe.name() + "' is already open");
			}
			created = factory.get();
			prepare.accept(created);
			this.end = created;
		}
		try {
			created.open(timeout);
		}
		catch (PipeException | RuntimeException ex) {
			close();
			throw ex;
		}
		return created;
	}

	boolean isOpen() {
		synchronized (this.monitor) {
			return this.end != null && !this.closed;
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	/** The open backend end. */
	E require() throws PipeClosedException {
		if (this.closed) {
			throw new PipeClosedException(this.pipe.name(), this.kind + " is closed");
		}
		E current = this.end;
		if (current == null) {
			throw new IllegalStateException(
					capitalizedKind() + " of pipe '" + this.pipe.name() + "' is not open: call open() first");
		}
		return current;
	}

	/** Marks this end closed and closes the backend end, cancelling a blocked call. Idempotent. */
	void close() {
		E toClose;
		synchronized (this.monitor) {
			this.closed = true;
			toClose = this.end;
		}
		if (toClose != null) {
			toClose.close();
		}
	}

	private String capitalizedKind() {
		return Character.toUpperCase(this.kind.charAt(0)) + this.kind.substring(1);
	}

}
