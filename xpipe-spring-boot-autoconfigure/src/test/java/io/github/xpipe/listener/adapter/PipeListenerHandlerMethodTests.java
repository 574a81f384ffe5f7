package io.github.xpipe.listener.adapter;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.github.xpipe.support.converter.XPipeMessageConverter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.HeaderMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PipeListenerHandlerMethod}: each parameter's resolver is found once, with the resolvers
 * the factory was given, and invoked like spring-messaging's handler methods.
 */
class PipeListenerHandlerMethodTests {

	private final Handler handler = new Handler();

	@Test
	void resolvesEachArgumentWithTheFirstResolverThatSupportsIt() throws Exception {
		InvocableHandlerMethod method = factoryWithDefaults().createInvocableHandlerMethod(this.handler,
				method("payloadAndHeader"));
		assertThat(method).isInstanceOf(PipeListenerHandlerMethod.class);
		Object result = method.invoke(message("hello", Map.of("sequence", 7)));
		assertThat(result).isEqualTo("hello #7");
		assertThat(method.invoke(message("again", Map.of("sequence", 8)))).isEqualTo("again #8");
	}

	@Test
	void anArgumentTheCallerProvidesIsUsedAsItIs() throws Exception {
		InvocableHandlerMethod method = factoryWithDefaults().createInvocableHandlerMethod(this.handler,
				method("payloadAndHeader"));
		assertThat(method.invoke(message("ignored", Map.of("sequence", 1)), "given")).isEqualTo("given #1");
	}

	@Test
	void aParameterNoResolverSupportsFailsNamingTheMethod() {
		PipeListenerHandlerMethodFactory factory = new PipeListenerHandlerMethodFactory();
		factory.setArgumentResolvers(List.of(new HeaderMethodArgumentResolver(null, null)));
		factory.afterPropertiesSet();
		InvocableHandlerMethod method = factory.createInvocableHandlerMethod(this.handler, method("payloadAndHeader"));
		assertThatExceptionOfType(MethodArgumentResolutionException.class)
			.isThrownBy(() -> method.invoke(message("hello", Map.of("sequence", 7))))
			.withMessageContaining("No argument resolver supports parameter 0 of")
			.withMessageContaining("payloadAndHeader");
	}

	@Test
	@SuppressWarnings("deprecation")
	void theMethodIsMarkedAccessibleSoThatNoCallChecksAccess() {
		InvocableHandlerMethod method = factoryWithDefaults().createInvocableHandlerMethod(this.handler,
				method("payloadAndHeader"));
		assertThat(method.getMethod().isAccessible()).isTrue();
	}

	@Test
	void aMethodTakingTheBytesAsTheyAreIsInvokedWithThePayloadAloneToTheSameResult() throws Exception {
		for (String name : List.of("bytes", "annotatedBytes")) {
			PipeListenerHandlerMethod method = handlerMethod(name);
			assertThat(method.takesPayloadOnly()).as(name).isTrue();
			assertThat(method.invokeWithPayload(new byte[3])).isEqualTo("3 bytes")
				.isEqualTo(method.invoke(message("abc", Map.of())));
		}
	}

	@Test
	void aMethodTakingMoreThanTheBytesAsTheyAreNeedsTheMessage() {
		for (String name : List.of("payloadAndHeader", "text", "validatedBytes", "wholeMessage")) {
			PipeListenerHandlerMethod method = handlerMethod(name);
			assertThat(method.takesPayloadOnly()).as(name).isFalse();
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> method.invokeWithPayload(new byte[1]))
				.withMessageContaining(name)
				.withMessageContaining("takes more than the payload");
		}
	}

	@Test
	void whatTheMethodThrowsComesOutAsItIsEitherWay() {
		PipeListenerHandlerMethod method = handlerMethod("failing");
		assertThat(method.takesPayloadOnly()).isTrue();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> method.invokeWithPayload(new byte[2]))
			.withMessage("failed on 2 bytes");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> method.invoke(message("ab", Map.of())))
			.withMessage("failed on 2 bytes");
	}

	private PipeListenerHandlerMethod handlerMethod(String name) {
		return (PipeListenerHandlerMethod) factoryWithDefaults().createInvocableHandlerMethod(this.handler, method(name));
	}

	private static PipeListenerHandlerMethodFactory factoryWithDefaults() {
		XPipeMessageConverter converter = XPipeMessageConverter.withDefaults(null);
		PipeListenerHandlerMethodFactory factory = new PipeListenerHandlerMethodFactory();
		factory.setBeanFactory(new DefaultListableBeanFactory());
		factory.setMessageConverter(converter);
		factory.setCustomArgumentResolvers(List.of(new PipePayloadMethodArgumentResolver(converter, null)));
		factory.afterPropertiesSet();
		return factory;
	}

	private static Method method(String name) {
		Method method = ReflectionUtils.findMethod(Handler.class, name, (Class<?>[]) null);
		assertThat(method).isNotNull();
		return method;
	}

	private static Message<byte[]> message(String text, Map<String, Object> headers) {
		return MessageBuilder.withPayload(text.getBytes(StandardCharsets.UTF_8)).copyHeaders(headers).build();
	}

	/** Listener methods: some take the payload as it is, others more. */
	public static class Handler {

		public String payloadAndHeader(String payload, @Header("sequence") int sequence) {
			return payload + " #" + sequence;
		}

		public String bytes(byte[] payload) {
			return payload.length + " bytes";
		}

		public String annotatedBytes(@Payload byte[] payload) {
			return payload.length + " bytes";
		}

		public String validatedBytes(@Validated @Payload byte[] payload) {
			return payload.length + " bytes";
		}

		public String text(String payload) {
			return payload;
		}

		public String wholeMessage(Message<byte[]> message) {
			return message.getPayload().length + " bytes";
		}

		public void failing(byte[] payload) throws IOException {
			throw new IOException("failed on " + payload.length + " bytes");
		}

	}

}
