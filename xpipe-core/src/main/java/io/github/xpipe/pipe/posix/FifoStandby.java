package io.github.xpipe.pipe.posix;

import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.UnsafePipePathException;
import io.github.xpipe.pipe.spi.ReaderStandby;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POSIX {@link ReaderStandby}: read descriptors of a FIFO held while no {@link FifoInput} of this
 * process reads it, each with whether its stream stopped on a frame boundary.
 *
 * <p>Why hold them: a FIFO without a reader fails writes with {@code EPIPE}, and drops what its
 * buffer holds once no process has it open; a listener that stops and starts again would otherwise
 * make writers fail and lose what the kernel had accepted from them. Why only between read ends: a
 * descriptor held for the whole life of the pipe pins the FIFO it was opened on, so after the path
 * is replaced (a peer that deletes and re-creates it) writers of the new FIFO would find no reader
 * and what was left in the old one would never be read. A read end takes every held descriptor when
 * it opens and reads the old FIFOs among them until their writers are gone, follows the path from
 * there, and gives back what it holds when it closes, with whether each stream stopped between
 * frames: the next read end then resynchronises only when it must.
 */
final class FifoStandby implements ReaderStandby {

	private static final Logger logger = LoggerFactory.getLogger(FifoStandby.class);

	private final FifoPath fifo;

	private final List<FifoStream> held = new ArrayList<>(2);

	private boolean closed;

	private FifoStandby(FifoPath fifo) {
		this.fifo = fifo;
	}

	/**
	 * A standby holding the FIFO at {@code fifo} open, or holding nothing while there is none, or
	 * while what is there is refused (the read ends report that).
	 * @param neverRead whether this process made the FIFO and nothing has read it yet: bytes in it
	 *        then start on a frame boundary, even if a writer got in between its open and the check
	 */
	static FifoStandby open(FifoPath fifo, int pipeCapacity, boolean neverRead) throws PipeException {
		FifoStandby standby = new FifoStandby(fifo);
		FifoStream stream;
		try {
			// A FIFO this process made and nobody read: what it holds was written since, whole frames.
			stream = FifoStream.openAt(fifo, pipeCapacity, !neverRead);
		}
		catch (UnsafePipePathException ex) {
			logger.debug("Pipe '{}': holding nothing open for its read ends: {}", fifo.pipeName(), ex.getMessage());
			return standby;
		}
		if (stream != null) {
			standby.held.add(stream);
			logger.debug("Pipe '{}': holding {} open for its read ends", fifo.pipeName(), fifo);
		}
		return standby;
	}

	/** Takes every held stream: the caller owns them now. */
	synchronized List<FifoStream> take() {
		List<FifoStream> taken = new ArrayList<>(this.held);
		this.held.clear();
		return taken;
	}

	/** Holds {@code stream} until the next {@link #take()}; closes it when this standby is closed. */
	void giveBack(FifoStream stream) {
		synchronized (this) {
			if (!this.closed) {
				this.held.add(stream);
				return;
			}
		}
		stream.close();
	}

	/** The FIFO held, for tests: {@code null} when none. */
	synchronized @Nullable FileIdentity heldIdentity() {
		return this.held.isEmpty() ? null : this.held.get(0).identity;
	}

	@Override
	public void close() {
		List<FifoStream> toClose;
		synchronized (this) {
			this.closed = true;
			toClose = take();
		}
		toClose.forEach(FifoStream::close);
	}

	@Override
	public String toString() {
		return "FifoStandby[" + this.fifo + "]";
	}

}
