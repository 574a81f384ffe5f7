package io.github.xpipe.pipe.spi;

import java.io.Closeable;
import java.time.Duration;

import io.github.xpipe.pipe.PipeException;

/**
 * What both ends of a pipe share: opened once, closed from any thread. {@link #close()} cancels an
 * {@link #open} or a read or write blocked in another thread within 100 ms, without busy-waiting and
 * without leaving a thread behind; it is idempotent.
 */
public interface PipeEnd extends Closeable {

	/**
	 * Opens this end. A POSIX read end opens at once and never waits for a writer. A POSIX write end
	 * waits for a reader; a Windows client waits for a free server instance; a Windows server write
	 * end waits for a client to connect; all bounded by {@code timeout}.
	 * @throws io.github.xpipe.pipe.PipeTimeoutException when the other side did not appear in time
	 * @throws io.github.xpipe.pipe.PipeClosedException when closed before or during the wait
	 */
	void open(Duration timeout) throws PipeException;

	@Override
	void close();

}
