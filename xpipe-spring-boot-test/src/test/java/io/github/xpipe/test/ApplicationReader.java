package io.github.xpipe.test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.pipe.PipeClosedException;
import io.github.xpipe.pipe.PipeMessageListener;
import io.github.xpipe.pipe.ReadPipeEnd;

import static org.assertj.core.api.Assertions.fail;

/**
 * A plain-Java application's reading side for tests: a thread receives from a read end, queues each
 * message (as a String) and each rejected frame, and reports writers leaving to a
 * {@link WriterDisconnectCounter}, as a test client's writer needs on a FIFO.
 */
final class ApplicationReader implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ReadPipeEnd end;

	private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

	private final Thread thread;

	ApplicationReader(ReadPipeEnd end, WriterDisconnectCounter disconnects) {
		this.end = end;
		String pipe = end.pipe().name();
		disconnects.track(pipe);
		PipeMessageListener listener = new PipeMessageListener() {

			@Override
			public void onMessage(byte[] payload) {
				ApplicationReader.this.received.add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
			}

			@Override
			public void onError(FrameException error) {
				ApplicationReader.this.received.add(error);
			}

			@Override
			public void onWriterDisconnected(long connectionId) {
				disconnects.disconnected(pipe);
			}

		};
		this.thread = new Thread(() -> {
			try {
				while (true) {
					end.receive(listener, Duration.ofSeconds(1));
				}
			}
			catch (PipeClosedException ex) {
				// closed by the test
			}
			catch (Exception ex) {
				this.received.add(ex);
			}
		}, "application-reader-" + pipe);
		this.thread.start();
	}

	/** The next message (a String) or rejected frame (a FrameException). */
	Object next() throws InterruptedException {
		Object next = this.received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		if (next == null) {
			fail("nothing received within %s", TIMEOUT);
		}
		return next;
	}

	@Override
	public void close() throws InterruptedException {
		this.end.close();
		this.thread.join(TIMEOUT.toMillis());
	}

}
