package io.github.xpipe.sample.stream;

import java.io.IOException;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream sample's assertions with a peer on its pipes: xpipe's plain read and write ends, in the
 * {@code length-crc32} framing a Python peer uses, open for the application's whole life (a pipe's
 * reader that goes away breaks the writer). Subclasses start the application and then
 * {@linkplain #connect() connect} the peer.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class OrderStreamPipePeerTests extends OrderStreamTests {

	private WritePipeEnd orders;

	private ReadPipeEnd receipts;

	private ReadPipeEnd rejects;

	/** The path of the pipe of a destination of the running application. */
	protected abstract String path(String destination);

	/** Opens the peer's ends: the readers first, so that the writer finds its reader. */
	protected void connect() throws IOException {
		this.receipts = new ReadPipeEnd(path("receipts"), new LengthCrc32Codec()).open();
		this.rejects = new ReadPipeEnd(path("orders-rejected"), new LengthCrc32Codec()).open();
		this.orders = new WritePipeEnd(path("orders"), new LengthCrc32Codec()).open(TIMEOUT);
	}

	@AfterAll
	void disconnect() {
		if (this.orders != null) {
			this.orders.close();
		}
		if (this.receipts != null) {
			this.receipts.close();
		}
		if (this.rejects != null) {
			this.rejects.close();
		}
	}

	@Override
	protected void sendOrder(byte[] payload) throws IOException {
		this.orders.write(payload);
	}

	@Override
	protected byte[] nextReceipt() throws IOException {
		return next(this.receipts);
	}

	@Override
	protected byte[] nextDeadLetter() throws IOException {
		return next(this.rejects);
	}

	private static byte[] next(ReadPipeEnd end) throws IOException {
		byte[] message = end.read(TIMEOUT);
		assertThat(message).as("a message within %s", TIMEOUT).isNotNull();
		return message;
	}

}
