package io.github.xpipe.stream.binder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.ReadPipeEnd;
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
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headers across a pipe, opt-in: with {@code header-mode: embedded-headers} the producer writes
 * Spring Cloud Stream's envelope (checked byte for byte) and a consumer asking for it gets the
 * headers back, {@code contentType} included, between two applications.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeEmbeddedHeadersTests {

	@TempDir
	Path temp;

	@Test
	void producerWritesTheEnvelopeThenThePayload() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		try (ConfigurableApplicationContext context = BinderApps.start(UppercaseApp.class, pipes,
				"spring.cloud.function.definition=uppercase",
				"spring.cloud.stream.bindings.uppercase-in-0.destination=words",
				"spring.cloud.stream.bindings.uppercase-in-0.content-type=text/plain",
				"spring.cloud.stream.bindings.uppercase-out-0.destination=shouts",
				"spring.cloud.stream.bindings.uppercase-out-0.content-type=text/plain",
				"spring.cloud.stream.bindings.uppercase-out-0.producer.header-mode=embedded-headers");
				ReadPipeEnd shouts = BinderApps.reader(pipes.resolve("shouts"), new LengthCrc32Codec());
				WritePipeEnd words = BinderApps.writer(pipes.resolve("words"), new LengthCrc32Codec())) {
			words.write("hi".getBytes(StandardCharsets.UTF_8));
			ByteArrayOutputStream expected = new ByteArrayOutputStream();
			expected.write(0xff);
			expected.write(1);
			expected.write("contentType".length());
			expected.writeBytes("contentType".getBytes(StandardCharsets.UTF_8));
			expected.writeBytes(new byte[] { 0, 0, 0, 12 });
			expected.writeBytes("\"text/plain\"".getBytes(StandardCharsets.UTF_8));
			expected.writeBytes("HI".getBytes(StandardCharsets.UTF_8));
			assertThat(BinderApps.read(shouts)).isEqualTo(expected.toByteArray()).hasSize(32);
		}
	}

	@Test
	void consumerGetsTheHeadersTheProducerEmbedded() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		try (ConfigurableApplicationContext receiver = BinderApps.start(ReceiverApp.class, pipes,
				"spring.cloud.function.definition=receive", "spring.cloud.stream.bindings.receive-in-0.destination=greetings",
				"spring.cloud.stream.bindings.receive-in-0.consumer.header-mode=embedded-headers");
				ConfigurableApplicationContext sender = BinderApps.start(SenderApp.class, pipes,
						"spring.cloud.function.definition=greet",
						"spring.cloud.stream.bindings.greet-out-0.destination=greetings",
						"spring.cloud.stream.bindings.greet-out-0.content-type=text/plain",
						"spring.cloud.stream.bindings.greet-out-0.producer.header-mode=embedded-headers",
						"spring.cloud.stream.xpipe.binder.headers=greeting-id", "spring.integration.poller.fixed-delay=50ms")) {
			@SuppressWarnings("unchecked")
			BlockingQueue<Message<String>> received = receiver.getBean("received", BlockingQueue.class);
			Message<String> message = received.poll(BinderApps.WAIT.toSeconds(), TimeUnit.SECONDS);
			assertThat(message).isNotNull();
			assertThat(message.getPayload()).isEqualTo("hello");
			assertThat(message.getHeaders().get(MessageHeaders.CONTENT_TYPE)).hasToString("text/plain");
			assertThat(message.getHeaders()).containsEntry("greeting-id", "g-1");
		}
	}

	@Test
	void consumerPassesPayloadsWithoutAnEnvelopeOnAsTheyAre() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		byte[] plain = "from a python peer".getBytes(StandardCharsets.UTF_8);
		// starts like an envelope, but its one header's value runs past the end
		byte[] notAnEnvelope = { (byte) 0xff, 1, 1, 'x', 0, 0, 0x7f, 0, 'y', 'z' };
		try (ConfigurableApplicationContext receiver = BinderApps.start(BytesReceiverApp.class, pipes,
				"spring.cloud.function.definition=receive", "spring.cloud.stream.bindings.receive-in-0.destination=raw",
				"spring.cloud.stream.bindings.receive-in-0.content-type=application/octet-stream",
				"spring.cloud.stream.bindings.receive-in-0.consumer.header-mode=embedded-headers");
				WritePipeEnd raw = BinderApps.writer(pipes.resolve("raw"), new LengthCrc32Codec())) {
			raw.write(plain);
			raw.write(notAnEnvelope);
			@SuppressWarnings("unchecked")
			BlockingQueue<byte[]> received = receiver.getBean("received", BlockingQueue.class);
			assertThat(received.poll(BinderApps.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(plain);
			assertThat(received.poll(BinderApps.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(notAnEnvelope);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BytesReceiverApp {

		@Bean
		BlockingQueue<byte[]> received() {
			return new LinkedBlockingQueue<>();
		}

		@Bean
		Consumer<byte[]> receive(BlockingQueue<byte[]> received) {
			return received::add;
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SenderApp {

		@Bean
		Supplier<Message<String>> greet() {
			return () -> MessageBuilder.withPayload("hello").setHeader("greeting-id", "g-1").build();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReceiverApp {

		@Bean
		BlockingQueue<Message<String>> received() {
			return new LinkedBlockingQueue<>();
		}

		@Bean
		Consumer<Message<String>> receive(BlockingQueue<Message<String>> received) {
			return received::add;
		}

	}

}
