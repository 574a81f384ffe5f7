package io.github.xpipe.listener.adapter;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.support.XPipeHeaders;
import io.github.xpipe.support.converter.XPipeMessageConverter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Argument resolution and results of {@link MessagingMessageListenerAdapter}, with the handler
 * methods the listener annotation processing makes ({@link PipeListenerHandlerMethodFactory}).
 */
class MessagingMessageListenerAdapterTests {

	private final Handler handler = new Handler();

	private final RecordingOperations replies = new RecordingOperations();

	@Test
	void bytesAsTheyAre() throws Exception {
		adapter("bytes").onMessage(message(new byte[] { 0, (byte) 0xff }));
		assertThat((byte[]) this.handler.received).containsExactly(0, 0xff);
	}

	@Test
	void emptyMessageIsAnEmptyArrayNotAMissingPayload() throws Exception {
		adapter("bytes").onMessage(message(new byte[0]));
		assertThat((byte[]) this.handler.received).isEmpty();
		adapter("text").onMessage(message(new byte[0]));
		assertThat(this.handler.received).isEqualTo("");
	}

	@Test
	void stringInThePipesCharset() throws Exception {
		adapter("text").onMessage(message("\u00e9t\u00e9".getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1));
		assertThat(this.handler.received).isEqualTo("\u00e9t\u00e9");
		adapter("text").onMessage(message("\u00e9t\u00e9".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
		assertThat(this.handler.received).isEqualTo("\u00e9t\u00e9");
	}

	@Test
	void pojoFromJson() throws Exception {
		adapter("order").onMessage(message(utf8("{\"item\":\"pen\",\"quantity\":3}")));
		assertThat(this.handler.received).isEqualTo(new Order("pen", 3));
	}

	@Test
	void invalidJsonIsAConversionFailure() {
		assertThatExceptionOfType(MessageConversionException.class)
			.isThrownBy(() -> adapter("order").onMessage(message(utf8("{not json"))));
	}

	@Test
	void validPayloadPassesAndInvalidOneFails() throws Exception {
		adapter("validOrder").onMessage(message(utf8("{\"item\":\"pen\",\"quantity\":1}")));
		assertThat(this.handler.received).isEqualTo(new Order("pen", 1));
		assertThatExceptionOfType(MethodArgumentNotValidException.class)
			.isThrownBy(() -> adapter("validOrder").onMessage(message(utf8("{\"item\":\"pen\",\"quantity\":0}"))))
			.withMessageContaining("quantity");
	}

	@Test
	void messageAndHeaders() throws Exception {
		adapter("withHeaders").onMessage(message(utf8("hi")));
		assertThat(this.handler.received).isEqualTo("hi from inbox at 1234");
	}

	@Test
	void resultIsSentToTheReplyPipe() throws Exception {
		adapter("reply", "outbox").onMessage(message(utf8("ping")));
		assertThat(this.replies.sent).containsExactly("outbox <- PING");
	}

	@Test
	void nullResultSendsNothing() throws Exception {
		adapter("nothing", "outbox").onMessage(message(utf8("ping")));
		assertThat(this.replies.sent).isEmpty();
	}

	@Test
	void resultWithoutReplyPipeIsDiscarded() throws Exception {
		adapter("reply").onMessage(message(utf8("ping")));
		assertThat(this.replies.sent).isEmpty();
	}

	@Test
	void aMethodTakingTheBytesAsTheyAreMayBeHandedThePayloadAlone() throws Exception {
		MessagingMessageListenerAdapter bytes = adapter("bytes");
		assertThat(bytes.takesPayloadOnly()).isTrue();
		bytes.onPayload(new byte[] { 7 });
		assertThat((byte[]) this.handler.received).containsExactly(7);
		assertThat(adapter("text").takesPayloadOnly()).isFalse();
		assertThat(adapter("withHeaders").takesPayloadOnly()).isFalse();
	}

	@Test
	void aResultOfThePayloadAloneIsSentToTheReplyPipeToo() throws Exception {
		adapter("replyBytes", "outbox").onPayload(utf8("ping"));
		assertThat(this.replies.sent).containsExactly("outbox <- PING");
	}

	@Test
	void handingThePayloadAloneAllocatesNothingPerMessageAndTheMessageDoes() throws Exception {
		MessagingMessageListenerAdapter adapter = adapter("bytes");
		byte[] payload = new byte[64];
		Message<byte[]> message = message(payload);
		int calls = 100_000;
		for (int i = 0; i < 20_000; i++) {
			adapter.onPayload(payload);
			adapter.onMessage(message);
		}
		long alone = allocatedBy(() -> {
			for (int i = 0; i < calls; i++) {
				adapter.onPayload(payload);
			}
		});
		long withMessage = allocatedBy(() -> {
			for (int i = 0; i < calls; i++) {
				adapter.onMessage(message);
			}
		});
		// under a byte a message, against at least its argument array (16 bytes or more) with the message
		assertThat(alone).isLessThan(calls);
		assertThat(withMessage).isGreaterThanOrEqualTo(16L * calls);
	}

	@Test
	void listenerExceptionPropagatesAsItIs() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> adapter("failing").onMessage(message(utf8("x"))))
			.withMessage("failed on x");
	}

	/** Bytes the current thread allocates while running {@code action}, by HotSpot's per-thread counter. */
	private static long allocatedBy(ThrowingRunnable action) throws Exception {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		threads.setThreadAllocatedMemoryEnabled(true);
		long before = threads.getCurrentThreadAllocatedBytes();
		action.run();
		return threads.getCurrentThreadAllocatedBytes() - before;
	}

	private MessagingMessageListenerAdapter adapter(String methodName) {
		return adapter(methodName, null);
	}

	private MessagingMessageListenerAdapter adapter(String methodName, @Nullable String replyPipe) {
		XPipeMessageConverter converter = XPipeMessageConverter
			.withDefaults(new JacksonJsonMessageConverter(JsonMapper.builder().build()));
		LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
		validator.afterPropertiesSet();
		DefaultMessageHandlerMethodFactory factory = new PipeListenerHandlerMethodFactory();
		factory.setBeanFactory(new DefaultListableBeanFactory());
		factory.setMessageConverter(converter);
		factory.setValidator(validator);
		factory.setCustomArgumentResolvers(List.of(new PipePayloadMethodArgumentResolver(converter, validator)));
		factory.afterPropertiesSet();
		Method method = ReflectionUtils.findMethod(Handler.class, methodName, (Class<?>[]) null);
		assertThat(method).isNotNull();
		return new MessagingMessageListenerAdapter(factory.createInvocableHandlerMethod(this.handler, method), replyPipe,
				this.replies);
	}

	private static Message<byte[]> message(byte[] payload) {
		return message(payload, StandardCharsets.UTF_8);
	}

	private static Message<byte[]> message(byte[] payload, Charset charset) {
		Map<String, Object> headers = new HashMap<>();
		headers.put(XPipeHeaders.PIPE, "inbox");
		headers.put(XPipeHeaders.RECEIVED_TIMESTAMP, 1234L);
		headers.put(XPipeHeaders.CHARSET, charset);
		return new GenericMessage<>(payload, headers);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

	record Order(String item, @Min(1) int quantity) {
	}

	static class Handler {

		@Nullable Object received;

		void bytes(byte[] payload) {
			this.received = payload;
		}

		void text(String payload) {
			this.received = payload;
		}

		void order(Order order) {
			this.received = order;
		}

		void validOrder(@Valid @Payload Order order) {
			this.received = order;
		}

		void withHeaders(Message<String> message, @Header(XPipeHeaders.PIPE) String pipe,
				@Header(XPipeHeaders.RECEIVED_TIMESTAMP) long receivedAt) {
			this.received = message.getPayload() + " from " + pipe + " at " + receivedAt;
		}

		String replyBytes(byte[] payload) {
			return new String(payload, StandardCharsets.UTF_8).toUpperCase();
		}

		String reply(String payload) {
			return payload.toUpperCase();
		}

		@Nullable String nothing(String payload) {
			return null;
		}

		void failing(String payload) {
			throw new IllegalStateException("failed on " + payload);
		}

	}

	static class RecordingOperations implements XPipeOperations {

		final List<String> sent = new ArrayList<>();

		@Override
		public void send(String pipe, byte[] payload) {
			this.sent.add(pipe + " <- " + new String(payload, StandardCharsets.UTF_8));
		}

		@Override
		public void send(String pipe, Message<?> message) {
			this.sent.add(pipe + " <- " + message.getPayload());
		}

		@Override
		public void convertAndSend(String pipe, Object payload) {
			this.sent.add(pipe + " <- " + payload);
		}

	}

}
