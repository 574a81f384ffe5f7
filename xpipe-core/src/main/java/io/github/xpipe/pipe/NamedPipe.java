package io.github.xpipe.pipe;

import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeBackends;
import io.github.xpipe.pipe.spi.ReaderStandby;

import org.jspecify.annotations.Nullable;

/**
 * An operating-system named pipe, identified by a bare name or an explicit path: a FIFO on Linux
 * and macOS, {@code \\.\pipe\<name>} on Windows.
 *
 * <p>Creating it allocates the OS resource; {@link #delete()} (or {@link #close()}) releases it, and
 * only what this instance created: a pre-existing FIFO that was safely reused stays. A process that
 * uses a pipe another process owns never creates it: it just opens a {@link ReadPipeEnd} or
 * {@link WritePipeEnd} on its name.
 *
 * <pre>{@code
 * try (NamedPipe pipe = NamedPipe.of("orders").create();
 *      ReadPipeEnd in = new ReadPipeEnd(pipe, new LengthCrc32Codec()).open()) {
 *     byte[] message = in.read();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class NamedPipe implements AutoCloseable {

	private final String name;

	private final String path;

	private final PipeOptions options;

	private final PipeBackend backend;

	private @Nullable CreatedPipe created;

	private @Nullable ReaderStandby readerStandby;

	/** Whether a read end was opened on this instance: from then on its pipe may hold a reader's leftovers. */
	private boolean readEndOpened;

	private NamedPipe(String nameOrPath, PipeOptions options, PipeBackend backend) {
		this.backend = backend;
		this.options = options;
		this.path = backend.resolvePath(nameOrPath, options);
		this.name = backend.nameOf(this.path);
	}

	/** The pipe with this bare name (in the default location) or path, with default options. */
	public static NamedPipe of(String nameOrPath) {
		return of(nameOrPath, PipeOptions.defaults());
	}

	/** The pipe with this bare name or path. */
	public static NamedPipe of(String nameOrPath, PipeOptions options) {
		return new NamedPipe(nameOrPath, options, PipeBackends.current());
	}

	/** The pipe with this bare name or path on the given backend (for tests and custom backends). */
	public static NamedPipe of(String nameOrPath, PipeOptions options, PipeBackend backend) {
		return new NamedPipe(nameOrPath, options, backend);
	}

	/** The short name: the path's last element, or the Windows name without {@code \\.\pipe\}. */
	public String name() {
		return this.name;
	}

	/** The operating-system path, e.g. {@code /run/user/1000/xpipe/orders} or {@code \\.\pipe\orders}. */
	public String path() {
		return this.path;
	}

	public PipeOptions options() {
		return this.options;
	}

	/**
	 * Creates the OS pipe (mkfifo, or the first Windows server instance). Idempotent. On POSIX an
	 * existing FIFO is reused only when it belongs to this user and is not a symlink.
	 * @return this pipe
	 * @throws UnsafePipePathException when the path exists and is not a pipe this user may use
	 * @throws PipeBusyException on Windows when another process owns the name
	 */
	public synchronized NamedPipe create() throws PipeException {
		if (this.created == null) {
			this.created = this.backend.create(this.name, this.path, this.options);
		}
		return this;
	}

	/** Whether {@link #create()} succeeded and {@link #delete()} has not been called since. */
	public synchronized boolean isCreated() {
		return this.created != null;
	}

	/**
	 * Removes the OS pipe if this instance made it; does nothing otherwise. Idempotent. Ends opened
	 * on this pipe should be closed first.
	 */
	public synchronized void delete() throws PipeException {
		CreatedPipe toDelete = this.created;
		this.created = null;
		if (toDelete != null) {
			toDelete.delete();
		}
	}

	/**
	 * Keeps this pipe readable between the read ends this process opens on this instance, until
	 * {@link #releaseReader()}: on POSIX a read descriptor of the FIFO is held while no read end reads
	 * it, so writers neither fail nor lose what the kernel buffered when one read end closes before
	 * the next opens (a listener restarting), and the next read end learns whether the stream stopped
	 * on a frame boundary. Read ends of this instance then also wait for a FIFO that does not exist
	 * (yet), instead of failing. Held descriptors never pin a FIFO that was replaced: a read end takes
	 * them over and follows the path. Does nothing on Windows. Idempotent.
	 * @return this pipe
	 * @throws UnsafePipePathException when the path exists and is not a pipe this user may use
	 */
	public synchronized NamedPipe holdReader() throws PipeException {
		if (this.readerStandby == null) {
			CreatedPipe made = this.created;
			boolean neverRead = made != null && made.madeHere() && !this.readEndOpened;
			this.readerStandby = this.backend.newReaderStandby(this.name, this.path, this.options, neverRead);
		}
		return this;
	}

	/** Ends {@link #holdReader()}: closes the read descriptors held. Idempotent. */
	public synchronized void releaseReader() {
		ReaderStandby standby = this.readerStandby;
		this.readerStandby = null;
		if (standby != null) {
			standby.close();
		}
	}

	/** Same as {@link #delete()}. */
	@Override
	public void close() throws PipeException {
		delete();
	}

	synchronized @Nullable CreatedPipe created() {
		return this.created;
	}

	synchronized @Nullable ReaderStandby readerStandby() {
		this.readEndOpened = true;
		return this.readerStandby;
	}

	PipeBackend backend() {
		return this.backend;
	}

	@Override
	public String toString() {
		return "NamedPipe[" + this.path + "]";
	}

}
