package io.github.xpipe.stream.binder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.PipeSendException;
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
 * Errors on the bindings' error channels: a consumer that throws, after its attempts, with the
 * message read (and the next message is handled); an asynchronous producer whose sends fail.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeBindingErrorTests {

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
			BlockingQueue<Message<?>> errors = new LinkedBlockingQueue<>();
			errorChannel(context, ".picky-in-0.errors").subscribe(errors::add);
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

	@Test
	void failedAsynchronousSendGoesToTheProducersErrorChannel() throws Exception {
		try (ConfigurableApplicationContext context = BinderApps.start(TickerApp.class, this.temp.resolve("pipes"),
				"spring.cloud.function.definition=ticker", "spring.cloud.stream.bindings.ticker-out-0.destination=ticks",
				"spring.cloud.stream.bindings.ticker-out-0.producer.error-channel-enabled=true",
				"spring.cloud.stream.xpipe.bindings.ticker-out-0.producer.sync=false",
				// nobody reads the pipe: each send fails once it waited this long for a reader
				"spring.cloud.stream.xpipe.bindings.ticker-out-0.producer.connect-timeout=50ms",
				"spring.integration.poller.fixed-delay=50ms")) {
			BlockingQueue<Message<?>> errors = new LinkedBlockingQueue<>();
			errorChannel(context, ".ticker-out-0.errors").subscribe(errors::add);
			Message<?> error = errors.poll(BinderApps.WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(error).isInstanceOf(ErrorMessage.class);
			MessagingException failure = (MessagingException) error.getPayload();
			assertThat(failure).hasCauseInstanceOf(PipeSendException.class);
			// Spring Cloud Stream's default content type, application/json
			assertThat(failure.getFailedMessage().getPayload()).isEqualTo("\"tick\"".getBytes(StandardCharsets.UTF_8));
		}
	}

	private static SubscribableChannel errorChannel(ConfigurableApplicationContext context, String suffix) {
		List<String> names = List.of(context.getBeanNamesForType(SubscribableChannel.class))
			.stream()
			.filter((name) -> name.startsWith("xpipe-") && name.endsWith(suffix))
			.toList();
		assertThat(names).hasSize(1);
		return context.getBean(names.get(0), SubscribableChannel.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TickerApp {

		@Bean
		Supplier<String> ticker() {
			return () -> "tick";
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
