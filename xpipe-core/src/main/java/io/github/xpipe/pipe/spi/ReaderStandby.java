package io.github.xpipe.pipe.spi;

/**
 * Keeps a pipe readable between one read end of this process and the next: on POSIX, the read
 * descriptors of a FIFO are held open while no read end reads it, so that writers neither fail
 * (a FIFO without a reader fails writes) nor lose what the kernel buffered (a FIFO drops its buffer
 * once nobody has it open), and are handed to the next read end together with whether the stream
 * stopped on a frame boundary. A read end opened with a standby also waits for a FIFO that does not
 * exist (yet) instead of failing, since its owner may create it later.
 *
 * <p>The standby holds descriptors only while no read end has them: a read end takes them when it
 * opens, follows its path from there (a replaced FIFO included), and gives back what it holds when
 * it closes. {@link #close()} closes whatever is held. Thread-safe.
 */
public interface ReaderStandby extends AutoCloseable {

	/** Closes the descriptors held and makes later hand-backs close theirs. Idempotent. */
	@Override
	void close();

}
