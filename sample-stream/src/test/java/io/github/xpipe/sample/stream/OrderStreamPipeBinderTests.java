package io.github.xpipe.sample.stream;

import java.io.IOException;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.test.XPipeTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
class OrderStreamPipeBinderTests extends OrderStreamTests {

	// One peer for the application's whole life: a pipe's reader that goes away breaks the writer.
	private static @Nullable WritePipeEnd orders;

	private static @Nullable ReadPipeEnd receipts;

	private static @Nullable ReadPipeEnd rejects;

	@Autowired
	PipeRegistry pipes;

	@BeforeEach
	void connect() throws IOException {
		if (orders == null) {
			receipts = new ReadPipeEnd(path("receipts"), new LengthCrc32Codec()).open();
			rejects = new ReadPipeEnd(path("orders-rejected"), new LengthCrc32Codec()).open();
			orders = new WritePipeEnd(path("orders"), new LengthCrc32Codec()).open(TIMEOUT);
		}
	}

	@AfterAll
	static void disconnect() {
		for (AutoCloseable end : new AutoCloseable[] { orders, receipts, rejects }) {
			if (end != null) {
				try {
					end.close();
				}
				catch (Exception ex) {
					// the application is gone with its pipes: nothing left to close
				}
			}
		}
		orders = null;
		receipts = null;
		rejects = null;
	}

	@Override
	protected void sendOrder(byte[] payload) throws IOException {
		orders.write(payload);
	}

	@Override
	protected byte[] nextReceipt() throws IOException {
		return next(receipts);
	}

	@Override
	protected byte[] nextDeadLetter() throws IOException {
		return next(rejects);
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
