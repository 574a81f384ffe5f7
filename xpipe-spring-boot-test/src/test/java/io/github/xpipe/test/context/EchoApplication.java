package io.github.xpipe.test.context;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.listener.PipeListenerFailedException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * An application under test: echoes {@code inbox} to {@code outbox}, answers JSON orders on
 * {@code orders} with receipts on {@code receipts}, and upper-cases {@code jobs} into {@code done};
 * the pipes and their framings are the test's properties. Rejected frames and listener failures are
 * recorded by {@link Failures}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class EchoApplication {

	@Bean
	Failures failures() {
		return new Failures();
	}

	@PipeListener("inbox")
	@SendTo("outbox")
	String echo(String text) {
		return text;
	}

	@PipeListener("orders")
	@SendTo("receipts")
	Receipt order(Order order) {
		return new Receipt(order.item(), order.quantity(), (order.quantity() > 0) ? "ACCEPTED" : "REJECTED");
	}

	@PipeListener("jobs")
	@SendTo("done")
	byte[] job(byte[] payload) {
		return new String(payload, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8);
	}

	record Order(String item, int quantity) {
	}

	record Receipt(String item, int quantity, String status) {
	}

	/** The application's error handler: keeps the cause of every failure, in order. */
	static class Failures implements PipeListenerErrorHandler {

		final List<Throwable> causes = new CopyOnWriteArrayList<>();

		@Override
		public void handleError(PipeListenerFailedException exception, @Nullable Message<byte[]> message) {
			this.causes.add(exception.getCause());
		}

	}

}
