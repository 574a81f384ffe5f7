package io.github.xpipe.pipe.windows;

import java.nio.ByteBuffer;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.pipe.PipeMessageListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener for the Windows integration tests with several writers, each message starting with its
 * writer's number and its index: checks that each writer's messages come in order and are the ones
 * expected, fails on any rejected frame, and counts messages, connections and the most connections
 * open at once.
 */
abstract class WriterOrderChecker implements PipeMessageListener {

	/** Per writer, the index of the message expected next. */
	final int[] next;

	int received;

	int connects;

	int disconnects;

	int mostConnectedAtOnce;

	/** What a message is called in the assertion descriptions. */
	private final String unit;

	WriterOrderChecker(int writers, String unit) {
		this.next = new int[writers];
		this.unit = unit;
	}

	/** The message expected as number {@code index} of {@code writer}. */
	abstract byte[] expected(int writer, int index);

	@Override
	public void onMessage(byte[] payload) {
		ByteBuffer header = ByteBuffer.wrap(payload);
		int writer = header.getInt();
		int index = header.getInt();
		assertThat(index).as("writer %d's next " + this.unit, writer).isEqualTo(this.next[writer]);
		assertThat(payload).isEqualTo(expected(writer, index));
		this.next[writer]++;
		this.received++;
	}

	@Override
	public void onError(FrameException error) {
		throw new AssertionError("no frame may be rejected", error);
	}

	@Override
	public void onWriterConnected(long connectionId) {
		this.connects++;
		this.mostConnectedAtOnce = Math.max(this.mostConnectedAtOnce, this.connects - this.disconnects);
	}

	@Override
	public void onWriterDisconnected(long connectionId) {
		this.disconnects++;
	}

}
