package io.github.xpipe.stream.binder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.support.ErrorMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consumer that throws: after its attempts, the failure lands on the binding's error channel as
 * an {@link ErrorMessage} with the message read, and the next message is handled.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeConsumerErrorTests {

	@TempDir
	Path temp;

	@Test
	void failedMessageGoesToTheBindingsErrorChannelAfterItsAttempts() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		try (ConfigurableApplicationContext context = BinderApps.start(FailingApp.class, pipes,
				"spring.cloud.function.definition=picky", "spring.cloud.stream.bindings.picky-in-0.destination=orders",
				"spring.cloud.stream.bindings.picky-in-0.content-type=text/plain",
				"spring.cloud.stream.bindings.picky-in-0.consumer.max-attempts=3",
				"spring.cloud.stream.bindings.picky-in-0.consumer.back-off-initial-interval=1",
				"spring.cloud.stream.bindings.picky-in-0.consumer.back-off-max-interval=1")) {
			List<String> errorChannels = List.of(context.getBeanNamesForType(SubscribableChannel.class))
				.stream()
				.filter((name) -> name.endsWith(".picky-in-0.errors"))
				.toList();
			assertThat(errorChannels).hasSize(1);
			BlockingQueue<Message<?>> errors = new LinkedBlockingQueue<>();
			context.getBean(errorChannels.get(0), SubscribableChannel.class).subscribe(errors::add);
			FailingApp app = context.getBean(FailingApp.class);
			try (WritePipeEnd orders = BinderApps.writer(pipes.resolve("orders"), new LengthCrc32Codec())) {
				orders.write("bad".getBytes(StandardCharsets.UTF_8));
				orders.write("good".getBytes(StandardCharsets.UTF_8));
			}
			Message<?> error = errors.poll(BinderApps.WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(error).isInstanceOf(ErrorMessage.class);
			assertThat(error.getPayload()).isInstanceOf(MessagingException.class);
			MessagingException failure = (MessagingException) error.getPayload();
			assertThat(failure).rootCause().hasMessage("no bad orders");
			assertThat(failure.getFailedMessage().getPayload()).isEqualTo("bad".getBytes(StandardCharsets.UTF_8));
			assertThat(app.handled.poll(BinderApps.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("good");
			assertThat(app.attempts).containsExactly("bad", "bad", "bad", "good");
			assertThat(errors).isEmpty();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class FailingApp {

		final List<String> attempts = new CopyOnWriteArrayList<>();

		final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

		@Bean
		Consumer<String> picky() {
			return (order) -> {
				this.attempts.add(order);
				if (order.equals("bad")) {
					throw new IllegalArgumentException("no bad orders");
				}
				this.handled.add(order);
			};
		}

	}

}
