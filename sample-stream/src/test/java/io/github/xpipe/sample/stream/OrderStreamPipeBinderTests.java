package io.github.xpipe.sample.stream;

import java.io.IOException;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.test.XPipeTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream sample on xpipe's binder: {@code *PipeBinderTests} run with the xpipe binder on the
 * classpath and not the Kafka one (see the module's pom), and the {@code pipes} profile names the
 * pipes, which the application creates in a private directory ({@link XPipeTest}). The peers are
 * xpipe's plain read and write ends, in the {@code length-crc32} framing a Python peer uses.
 */
@SpringBootTest
@ActiveProfiles("pipes")
@XPipeTest
@DisabledOnOs(OS.WINDOWS)
@TestInstance(Lifecycle.PER_CLASS)
class OrderStreamPipeBinderTests extends OrderStreamTests {

	@Autowired
	PipeRegistry pipes;

	// One peer for the application's whole life: a pipe's reader that goes away breaks the writer.
	private WritePipeEnd orders;

	private ReadPipeEnd receipts;

	private ReadPipeEnd rejects;

	@BeforeAll
	void connect() throws IOException {
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

	private String path(String destination) {
		ManagedPipe pipe = this.pipes.findPipe(destination);
		assertThat(pipe).as("the pipe of destination '%s'", destination).isNotNull();
		return pipe.getPath();
	}

	private static byte[] next(ReadPipeEnd end) throws IOException {
		byte[] message = end.read(TIMEOUT);
		assertThat(message).as("a message within %s", TIMEOUT).isNotNull();
		return message;
	}

}
