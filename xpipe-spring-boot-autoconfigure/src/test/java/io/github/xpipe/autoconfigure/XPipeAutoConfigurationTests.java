package io.github.xpipe.autoconfigure;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.config.DefaultPipeListenerContainerFactory;
import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.config.PipeListenerContainerFactoryCustomizer;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.config.SimplePipeListenerEndpoint;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.SendMode;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.core.XPipeTemplate;
import io.github.xpipe.listener.DefaultPipeListenerContainer;
import io.github.xpipe.listener.LoggingPipeListenerErrorHandler;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeBackends;
import io.github.xpipe.support.converter.XPipeMessageConverter;
import io.github.xpipe.test.XPipeContextRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;

import static org.assertj.core.api.Assertions.assertThat;

/** The beans of {@link XPipeAutoConfiguration}, their conditions, and what replaces them. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeAutoConfigurationTests {

	@TempDir
	Path baseDir;

	private ApplicationContextRunner contextRunner() {
		return XPipeContextRunners.withBaseDir(this.baseDir);
	}

	@Test
	void providesTheTemplateAndTheListenerInfrastructure() {
		contextRunner().run((context) -> {
			assertThat(context).hasSingleBean(XPipeTemplate.class)
				.hasSingleBean(PipeRegistry.class)
				.hasSingleBean(LoggingPipeListenerErrorHandler.class)
				.hasSingleBean(DefaultPipeListenerContainerFactory.class)
				.hasBean("pipeListenerContainerFactory")
				.hasSingleBean(PipeListenerEndpointRegistry.class)
				.hasSingleBean(XPipeMessageConverter.class)
				.doesNotHaveBean(ManagedPipe.class);
			assertThat(context.getBean(PipeBackend.class)).isSameAs(PipeBackends.current());
			assertThat(context.getBean(PipeRegistry.class).getPipeNames()).isEmpty();
		});
	}

	@Test
	void eachDeclaredPipeIsALifecycleBeanCreatedAtStartAndRemovedAtClose() {
		Path inbox = this.baseDir.resolve("inbox");
		Path outbox = this.baseDir.resolve("outbox");
		contextRunner().withPropertyValues("xpipe.pipes.inbox.direction=inbound", "xpipe.pipes.outbox.direction=outbound")
			.run((context) -> {
				assertThat(context).hasBean("xpipe.pipes.inbox").hasBean("xpipe.pipes.outbox");
				PipeRegistry registry = context.getBean(PipeRegistry.class);
				assertThat(registry.getPipeNames()).containsExactly("inbox", "outbox");
				ManagedPipe pipe = registry.getPipe("inbox", "test");
				assertThat(pipe).isSameAs(context.getBean("xpipe.pipes.inbox"));
				assertThat(pipe.isRunning()).isTrue();
				assertThat(pipe.getPath()).isEqualTo(inbox.toString());
				assertThat(pipe.getDirection()).isEqualTo(PipeDirection.INBOUND);
				assertThat(registry.getPipe("outbox", "test").getDirection()).isEqualTo(PipeDirection.OUTBOUND);
				assertThat(isFifo(inbox)).isTrue();
				assertThat(isFifo(outbox)).isTrue();
				assertThat(Files.getPosixFilePermissions(inbox)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
			});
		assertThat(inbox).doesNotExist();
		assertThat(outbox).doesNotExist();
	}

	@Test
	void pipePropertiesReachThePipe() {
		Path elsewhere = this.baseDir.resolve("elsewhere");
		contextRunner()
			.withPropertyValues("xpipe.pipes.a.path=" + elsewhere, "xpipe.pipes.a.framing=base64",
					"xpipe.pipes.a.max-message-size=1KB", "xpipe.pipes.a.permissions=rw-rw----",
					"xpipe.pipes.a.connect-timeout=2s", "xpipe.pipes.a.charset=UTF-16",
					"xpipe.pipes.b.byte-order=big-endian", "xpipe.pipes.b.crc=false", "xpipe.pipes.b.capacity=128KB",
					"xpipe.pipes.b.single-writer=true", "xpipe.pipes.b.max-instances=8",
					"xpipe.pipes.b.security-descriptor=D:P(A;;GA;;;SY)", "xpipe.pipes.b.send-mode=queued")
			.run((context) -> {
				ManagedPipe a = context.getBean(PipeRegistry.class).getPipe("a", "test");
				assertThat(a.getPath()).isEqualTo(elsewhere.toString());
				assertThat(Files.getPosixFilePermissions(elsewhere)).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
				assertThat(a.getDefinition().codec()).isInstanceOf(Base64Codec.class);
				assertThat(a.getDefinition().codec().maxMessageSize()).isEqualTo(1024);
				assertThat(a.getDefinition().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(a.getDefinition().charset().name()).isEqualTo("UTF-16");
				ManagedPipe b = context.getBean(PipeRegistry.class).getPipe("b", "test");
				assertThat(b.getDefinition().codec()).isInstanceOfSatisfying(LengthCrc32Codec.class, (codec) -> {
					assertThat(codec.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
					assertThat(codec.crcEnabled()).isFalse();
					assertThat(codec.maxMessageSize()).isEqualTo(16 * 1024 * 1024);
				});
				assertThat(b.getDefinition().options().pipeCapacity()).isEqualTo(128 * 1024);
				assertThat(b.getDefinition().options().singleWriter()).isTrue();
				assertThat(a.getDefinition().options().singleWriter()).isFalse();
				assertThat(b.getDefinition().sendMode()).isEqualTo(SendMode.QUEUED);
				assertThat(a.getDefinition().sendMode()).isEqualTo(SendMode.DIRECT);
				assertThat(b.getDefinition().options().maxInstances()).isEqualTo(8);
				assertThat(b.getDefinition().options().securityDescriptor()).isEqualTo("D:P(A;;GA;;;SY)");
				assertThat(a.getDefinition().options().maxInstances()).isEqualTo(PipeOptions.UNLIMITED_INSTANCES);
				assertThat(a.getDefinition().options().securityDescriptor()).isNull();
				assertThat(b.getDefinition().options().baseDirectory()).isEqualTo(this.baseDir);
			});
	}

	@Test
	void pipeWithCreateFalseIsNeitherCreatedNorRemoved() throws Exception {
		Path shared = this.baseDir.resolve("shared");
		mkfifo(shared);
		contextRunner().withPropertyValues("xpipe.pipes.shared.create=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(isFifo(shared)).isTrue();
		});
		assertThat(isFifo(shared)).isTrue();
	}

	@Test
	void preExistingFifoOfThisUserIsReusedAndLeftInPlace() throws Exception {
		Path existing = this.baseDir.resolve("existing");
		mkfifo(existing);
		contextRunner().withPropertyValues("xpipe.pipes.existing.direction=inbound").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ManagedPipe.class).isRunning()).isTrue();
		});
		assertThat(isFifo(existing)).isTrue();
	}

	@Test
	void pipesCreatedBeforeAFailedStartupAreRemoved() {
		Path inbox = this.baseDir.resolve("inbox");
		contextRunner().withUserConfiguration(FailingLifecycleConfiguration.class)
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(FailingLifecycleConfiguration.pipeExistedAtFailure).isTrue();
			});
		assertThat(inbox).doesNotExist();
	}

	@Test
	void userTemplateReplacesOurs() {
		contextRunner().withUserConfiguration(UserTemplateConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(XPipeTemplate.class);
			assertThat(context.getBean(XPipeOperations.class)).isSameAs(context.getBean("userTemplate"));
		});
	}

	@Test
	void userMessageConverterReplacesOurs() {
		contextRunner().withUserConfiguration(UserConverterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(XPipeMessageConverter.class);
			XPipeMessageConverter converter = context.getBean(XPipeMessageConverter.class);
			assertThat(converter).isSameAs(context.getBean("userConverter"));
			assertThat(context.getBean(XPipeTemplate.class).getMessageConverter()).isSameAs(converter);
		});
	}

	@Test
	void messageConverterUsesJacksonWhenPresentWithTheApplicationsJsonMapper() {
		contextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class)).run((context) -> {
			List<MessageConverter> converters = context.getBean(XPipeMessageConverter.class).getConverters();
			assertThat(converters).hasSize(3).last().isInstanceOf(JacksonJsonMessageConverter.class);
			assertThat(context).hasSingleBean(JsonMapper.class);
		});
	}

	@Test
	void messageConverterWithoutJacksonHandlesBytesAndStrings() {
		contextRunner().withClassLoader(new FilteredClassLoader(JsonMapper.class)).run((context) -> {
			List<MessageConverter> converters = context.getBean(XPipeMessageConverter.class).getConverters();
			assertThat(converters).hasSize(2).first().isInstanceOf(ByteArrayMessageConverter.class);
			assertThat(converters).noneMatch(JacksonJsonMessageConverter.class::isInstance);
		});
	}

	@Test
	void userErrorHandlerReplacesOursAndIsTheFactoryDefault() {
		contextRunner().withUserConfiguration(UserErrorHandlerConfiguration.class)
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(LoggingPipeListenerErrorHandler.class);
				DefaultPipeListenerContainer container = createContainer(context.getBean(DefaultPipeListenerContainerFactory.class));
				assertThat(container.getErrorHandler()).isSameAs(context.getBean("userErrorHandler"));
			});
	}

	@Test
	void userContainerFactoryReplacesOurs() {
		contextRunner().withUserConfiguration(UserContainerFactoryConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean("pipeListenerContainerFactory");
			assertThat(context).hasSingleBean(PipeListenerContainerFactory.class);
		});
	}

	@Test
	void userEndpointRegistryReplacesOursAndGetsTheListeners() {
		contextRunner().withUserConfiguration(UserRegistryConfiguration.class)
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound")
			.run((context) -> {
				assertThat(context).hasSingleBean(PipeListenerEndpointRegistry.class);
				PipeListenerEndpointRegistry registry = context.getBean(PipeListenerEndpointRegistry.class);
				assertThat(registry).isSameAs(context.getBean("userRegistry"));
				assertThat(registry.getListenerContainerIds()).containsExactly("user-listener");
			});
	}

	@Test
	void listenerPropertiesAreTheFactoryDefaults() {
		contextRunner()
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound", "xpipe.listener.shutdown-timeout=250ms",
					"xpipe.listener.concurrency=3", "xpipe.listener.auto-startup=false")
			.run((context) -> {
				DefaultPipeListenerContainer container = createContainer(
						context.getBean(DefaultPipeListenerContainerFactory.class));
				assertThat(container.getContainerProperties().getShutdownTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(container.getContainerProperties().getConcurrency()).isEqualTo(3);
				assertThat(container.isAutoStartup()).isFalse();
				assertThat(container.getErrorHandler()).isInstanceOf(LoggingPipeListenerErrorHandler.class);
			});
	}

	@Test
	void listenerDefaults() {
		contextRunner().withPropertyValues("xpipe.pipes.inbox.direction=inbound").run((context) -> {
			DefaultPipeListenerContainer container = createContainer(context.getBean(DefaultPipeListenerContainerFactory.class));
			assertThat(container.getContainerProperties().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(container.getContainerProperties().getConcurrency()).isEqualTo(1);
			assertThat(container.isAutoStartup()).isTrue();
		});
	}

	@Test
	void customizersApplyToTheContainerFactory() {
		contextRunner().withUserConfiguration(CustomizerConfiguration.class)
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound")
			.run((context) -> {
				DefaultPipeListenerContainer container = createContainer(
						context.getBean(DefaultPipeListenerContainerFactory.class));
				assertThat(container.getContainerProperties().getTaskExecutor()).isSameAs(CustomizerConfiguration.EXECUTOR);
			});
	}

	@Test
	void containerListenerBeansObserveEveryContainer() {
		contextRunner().withUserConfiguration(ContainerListenerConfiguration.class)
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound")
			.run((context) -> {
				DefaultPipeListenerContainer container = createContainer(
						context.getBean(DefaultPipeListenerContainerFactory.class));
				assertThat(container.getContainerProperties().getContainerListeners())
					.containsExactly(context.getBean(PipeContainerListener.class));
			});
	}

	@Test
	void userPipeBackendIsUsedForEveryPipe() {
		contextRunner().withUserConfiguration(UserBackendConfiguration.class)
			.withPropertyValues("xpipe.pipes.inbox.direction=inbound")
			.run((context) -> {
				assertThat(context.getBean(PipeBackend.class)).isSameAs(context.getBean("userBackend"));
				assertThat(context.getBean(ManagedPipe.class).getNamedPipe().path())
					.isEqualTo(this.baseDir.resolve("inbox").toString());
			});
	}

	private static DefaultPipeListenerContainer createContainer(DefaultPipeListenerContainerFactory factory) {
		SimplePipeListenerEndpoint endpoint = new SimplePipeListenerEndpoint();
		endpoint.setId("probe");
		endpoint.setPipe("inbox");
		endpoint.setMessageListener((message) -> {
		});
		return factory.createListenerContainer(endpoint);
	}

	static boolean isFifo(Path path) throws Exception {
		return Files.exists(path, LinkOption.NOFOLLOW_LINKS)
				&& Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
	}

	static void mkfifo(Path path) throws Exception {
		Process process = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).inheritIO().start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingLifecycleConfiguration {

		static volatile boolean pipeExistedAtFailure;

		@Bean
		SmartLifecycle failingLifecycle(PipeRegistry pipes) {
			return new SmartLifecycle() {

				@Override
				public void start() {
					pipeExistedAtFailure = Files.exists(Path.of(pipes.getPipe("inbox", "test").getPath()),
							LinkOption.NOFOLLOW_LINKS);
					throw new IllegalStateException("a later bean fails to start");
				}

				@Override
				public void stop() {
				}

				@Override
				public boolean isRunning() {
					return false;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTemplateConfiguration {

		@Bean
		XPipeOperations userTemplate() {
			return new XPipeOperations() {

				@Override
				public void send(String pipe, byte[] payload) {
				}

				@Override
				public void send(String pipe, Message<?> message) {
				}

				@Override
				public void convertAndSend(String pipe, Object payload) {
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConverterConfiguration {

		@Bean
		XPipeMessageConverter userConverter() {
			return new XPipeMessageConverter(List.of(new ByteArrayMessageConverter()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserErrorHandlerConfiguration {

		@Bean
		PipeListenerErrorHandler userErrorHandler() {
			return (exception, message) -> {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserContainerFactoryConfiguration {

		@Bean
		DefaultPipeListenerContainerFactory userContainerFactory(PipeRegistry pipes) {
			return new DefaultPipeListenerContainerFactory(pipes);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		static final SimpleAsyncTaskExecutor EXECUTOR = new SimpleAsyncTaskExecutor("custom-");

		@Bean
		PipeListenerContainerFactoryCustomizer executorCustomizer() {
			return (factory) -> factory.setTaskExecutor(EXECUTOR);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRegistryConfiguration {

		@Bean
		PipeListenerEndpointRegistry userRegistry() {
			return new PipeListenerEndpointRegistry();
		}

		@PipeListener(value = "inbox", id = "user-listener")
		void on(byte[] payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ContainerListenerConfiguration {

		@Bean
		PipeContainerListener containerListener() {
			return new PipeContainerListener() {
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBackendConfiguration {

		@Bean
		PipeBackend userBackend() {
			return new io.github.xpipe.pipe.posix.PosixPipeBackend();
		}

	}

}
