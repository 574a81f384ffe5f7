package io.github.xpipe.annotation;

import java.nio.file.Path;
import java.util.List;

import io.github.xpipe.config.MethodPipeListenerEndpoint;
import io.github.xpipe.config.PipeListenerEndpoint;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.listener.DefaultPipeListenerContainer;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.test.XPipeContextRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@link PipeListenerAnnotationBeanPostProcessor} turns annotations into endpoints, and what it refuses. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PipeListenerAnnotationBeanPostProcessorTests {

	@TempDir
	Path baseDir;

	private ApplicationContextRunner contextRunner() {
		return XPipeContextRunners.withBaseDir(this.baseDir, "xpipe.pipes.a.direction=inbound",
					"xpipe.pipes.b.direction=inbound", "xpipe.pipes.out.direction=outbound");
	}

	@Test
	void repeatedAnnotationRegistersOneEndpointPerPipe() {
		contextRunner().withUserConfiguration(RepeatedListener.class).run((context) -> {
			List<PipeListenerEndpoint> endpoints = context.getBean(PipeListenerAnnotationBeanPostProcessor.class)
				.getEndpointRegistrar()
				.getEndpoints();
			assertThat(endpoints).extracting(PipeListenerEndpoint::getPipe).containsExactlyInAnyOrder("a", "b");
			String defaultId = "pipeListenerAnnotationBeanPostProcessorTests.RepeatedListener.on";
			assertThat(endpoints).extracting(PipeListenerEndpoint::getId)
				.containsExactlyInAnyOrder(defaultId, defaultId + "#1");
			assertThat(context.getBean(PipeListenerEndpointRegistry.class).getListenerContainerIds())
				.containsExactlyInAnyOrder(defaultId, defaultId + "#1");
		});
	}

	@Test
	void attributesAndPlaceholdersAndExpressionsResolve() {
		contextRunner().withUserConfiguration(AttributeListener.class)
			.withPropertyValues("listener.pipe=a", "listener.start=false")
			.run((context) -> {
				MethodPipeListenerEndpoint endpoint = (MethodPipeListenerEndpoint) context
					.getBean(PipeListenerAnnotationBeanPostProcessor.class)
					.getEndpointRegistrar()
					.getEndpoints()
					.get(0);
				assertThat(endpoint.getPipe()).isEqualTo("a");
				assertThat(endpoint.getId()).isEqualTo("listener-7");
				assertThat(endpoint.getAutoStartup()).isFalse();
				assertThat(endpoint.getConcurrency()).isEqualTo(3);
				assertThat(endpoint.getErrorHandler()).isSameAs(context.getBean("quietErrorHandler"));
				assertThat(endpoint.getReplyPipe()).isEqualTo("out");
				DefaultPipeListenerContainer container = (DefaultPipeListenerContainer) context
					.getBean(PipeListenerEndpointRegistry.class)
					.getListenerContainer("listener-7");
				assertThat(container.isRunning()).isFalse();
				assertThat(container.getErrorHandler()).isSameAs(context.getBean("quietErrorHandler"));
				assertThat(container.getContainerProperties().getConcurrency()).isEqualTo(3);
			});
	}

	@Test
	void lazyListenerBeanStartsWhenItIsCreatedWithItsErrorHandler() {
		contextRunner().withUserConfiguration(LazyListenerConfiguration.class).run((context) -> {
			PipeListenerEndpointRegistry registry = context.getBean(PipeListenerEndpointRegistry.class);
			assertThat(registry.getListenerContainerIds()).isEmpty();
			context.getBean(LazyListener.class);
			DefaultPipeListenerContainer container = (DefaultPipeListenerContainer) registry.getListenerContainer("lazy");
			assertThat(container).isNotNull();
			assertThat(container.isRunning()).isTrue();
			assertThat(container.getErrorHandler()).isSameAs(context.getBean("quietErrorHandler"));
		});
	}

	@Test
	void invalidConcurrencyFailsWithWhatToUse() {
		contextRunner().withUserConfiguration(BadConcurrencyListener.class).run((context) -> assertThat(context)
			.getFailure()
			.rootCause()
			.hasMessageContaining("concurrency of @PipeListener on BadConcurrencyListener.on(String) is 'zero'")
			.hasMessageContaining("use a whole number of at least 1"));
	}

	@Test
	void listenerWithoutPipeFailsWithWhatToWrite() {
		contextRunner().withUserConfiguration(NoPipeListener.class).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("names no pipe"));
	}

	@Test
	void duplicateIdFails() {
		contextRunner().withUserConfiguration(DuplicateIdListener.class)
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("Another listener already has the id 'same'"));
	}

	@Test
	void twoListenersOnOnePipeFail() {
		contextRunner().withUserConfiguration(RepeatedListener.class, SecondListenerOnA.class)
			.run((context) -> assertThat(context).getFailure().hasMessageContaining("Pipe 'a' already has listener"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RepeatedListener {

		@PipeListener("a")
		@PipeListener("b")
		void on(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DuplicateIdListener {

		@PipeListener(value = "a", id = "same")
		@PipeListener(value = "b", id = "same")
		void on(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondListenerOnA {

		@PipeListener("a")
		void on(byte[] payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AttributeListener {

		@Bean
		PipeListenerErrorHandler quietErrorHandler() {
			return (exception, message) -> {
			};
		}

		@PipeListener(pipe = "${listener.pipe}", id = "listener-#{3 + 4}", autoStartup = "${listener.start}",
				concurrency = "#{1 + 2}", errorHandler = "quietErrorHandler")
		@SendTo("out")
		String on(String text) {
			return text;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyListenerConfiguration {

		@Bean
		PipeListenerErrorHandler quietErrorHandler() {
			return (exception, message) -> {
			};
		}

		@Bean
		@Lazy
		LazyListener lazyListener() {
			return new LazyListener();
		}

	}

	static class LazyListener {

		@PipeListener(value = "a", id = "lazy", errorHandler = "quietErrorHandler")
		void on(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadConcurrencyListener {

		@PipeListener(value = "a", concurrency = "zero")
		void on(String text) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoPipeListener {

		@PipeListener
		void on(String text) {
		}

	}

}
