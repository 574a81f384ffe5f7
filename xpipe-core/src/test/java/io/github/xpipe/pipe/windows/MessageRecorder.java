package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.pipe.PipeMessageListener;
import io.github.xpipe.pipe.ReadPipeEnd;

import static org.assertj.core.api.Assertions.assertThat;

/** Records what a {@link ReadPipeEnd} delivers: messages, rejected frames and writer connections. */
final class MessageRecorder implements PipeMessageListener {

	final List<byte[]> messages = new ArrayList<>();

	final List<FrameException> errors = new ArrayList<>();

	int connects;

	int disconnects;

	@Override
	public void onMessage(byte[] payload) {
		this.messages.add(payload);
	}

	@Override
	public void onError(FrameException error) {
		this.errors.add(error);
	}

	@Override
	public void onWriterConnected(long connectionId) {
		this.connects++;
	}

	@Override
	public void onWriterDisconnected(long connectionId) {
		this.disconnects++;
	}

	/**
	 * Receives until {@code done} holds, failing after {@code timeout}; {@code check} runs between
	 * receives (e.g. to fail early when a peer process died).
	 */
	void receiveUntil(ReadPipeEnd in, Predicate<MessageRecorder> done, Duration timeout, Check check)
			throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!done.test(this)) {
			assertThat(System.nanoTime() - deadline).as("time left; %d messages, %d connects, errors %s so far",
					this.messages.size(), this.connects, this.errors).isNegative();
			in.receive(this, Duration.ofMillis(500));
			check.run();
		}
	}

	/** A check that may throw. */
	@FunctionalInterface
	interface Check {

		void run() throws IOException;

	}

}
