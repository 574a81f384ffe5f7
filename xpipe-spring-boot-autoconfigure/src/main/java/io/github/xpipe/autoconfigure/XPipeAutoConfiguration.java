package io.github.xpipe.autoconfigure;

import io.github.xpipe.annotation.PipeListenerAnnotationBeanPostProcessor;
import io.github.xpipe.config.DefaultPipeListenerContainerFactory;
import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.config.PipeListenerContainerFactoryCustomizer;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.PipeSendListener;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.core.XPipeTemplate;
import io.github.xpipe.listener.LoggingPipeListenerErrorHandler;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.listener.PipeListenerErrorHandler;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeBackends;
import io.github.xpipe.support.converter.XPipeMessageConverter;
import io.github.xpipe.support.micrometer.PipeListenerObservationConvention;
import io.github.xpipe.support.micrometer.PipeTemplateObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;

/**
 * Auto-configuration of xpipe: a {@link ManagedPipe} bean per {@code xpipe.pipes} entry (named
 * {@code xpipe.pipes.<name>}, and found by name through the {@link PipeRegistry}, which also provisions
 * pipes at run time on the same {@link PipeBackend}), the
 * {@link XPipeTemplate}, and {@link io.github.xpipe.annotation.PipeListener @PipeListener} support.
 * The template, the message converter, the error handler and the container factory each back off
 * when the application defines its own; {@link PipeContainerListener} and
 * {@link PipeListenerContainerFactoryCustomizer} beans apply to the container factory,
 * {@link PipeSendListener} beans to the template. With {@code xpipe.listener.observation-enabled} and
 * {@code xpipe.template.observation-enabled}, listeners and the template are observed through the
 * application's {@link ObservationRegistry}, with its {@link PipeListenerObservationConvention} and
 * {@link PipeTemplateObservationConvention} beans if any. Listeners run on virtual threads when
 * {@code spring.threads.virtual.enabled} is set on Java 21 or later (the threads reading the pipes
 * stay platform threads).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration" })
@EnableConfigurationProperties(XPipeProperties.class)
@Import(ManagedPipeBeanRegistrar.class)
public final class XPipeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipeBackend xpipePipeBackend() {
		return PipeBackends.current();
	}

	@Bean
	PipeRegistry xpipePipeRegistry(ObjectProvider<ManagedPipe> pipes, XPipeProperties properties,
			ListableBeanFactory beanFactory, PipeBackend backend) {
		DeclaredPipes.checkAllRegistered(properties, beanFactory);
		return new PipeRegistry(pipes.orderedStream().toList(), backend);
	}

	@Bean
	@ConditionalOnMissingBean(XPipeOperations.class)
	XPipeTemplate xpipeTemplate(PipeRegistry pipeRegistry, XPipeMessageConverter xpipeMessageConverter,
			ObjectProvider<PipeSendListener> sendListeners, XPipeProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<PipeTemplateObservationConvention> observationConvention) {
		XPipeTemplate template = new XPipeTemplate(pipeRegistry, xpipeMessageConverter);
		sendListeners.orderedStream().forEach(template::addSendListener);
		if (properties.getTemplate().isObservationEnabled()) {
			observationRegistry.ifUnique(template::setObservationRegistry);
			observationConvention.ifUnique(template::setObservationConvention);
		}
		return template;
	}

	@Bean
	@ConditionalOnMissingBean
	PipeListenerErrorHandler pipeListenerErrorHandler() {
		return new LoggingPipeListenerErrorHandler();
	}

	@Bean(PipeListenerAnnotationBeanPostProcessor.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	@ConditionalOnMissingBean(PipeListenerContainerFactory.class)
	DefaultPipeListenerContainerFactory pipeListenerContainerFactory(PipeRegistry pipeRegistry,
			XPipeProperties properties, PipeListenerErrorHandler errorHandler,
			ObjectProvider<PipeContainerListener> containerListeners,
			ObjectProvider<PipeListenerContainerFactoryCustomizer> customizers,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<PipeListenerObservationConvention> observationConvention, Environment environment) {
		DefaultPipeListenerContainerFactory factory = new DefaultPipeListenerContainerFactory(pipeRegistry);
		PropertyMapper map = PropertyMapper.get();
		ListenerProperties listener = properties.getListener();
		map.from(listener::getShutdownTimeout).to(factory::setShutdownTimeout);
		map.from(listener::getConcurrency).to(factory::setConcurrency);
		map.from(listener::isAutoStartup).to(factory::setAutoStartup);
		factory.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		if (listener.isObservationEnabled()) {
			observationRegistry.ifUnique(factory::setObservationRegistry);
			observationConvention.ifUnique(factory::setObservationConvention);
		}
		factory.setErrorHandler(errorHandler);
		containerListeners.orderedStream().forEach(factory::addContainerListener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	PipeListenerEndpointRegistry pipeListenerEndpointRegistry() {
		return new PipeListenerEndpointRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	static PipeListenerAnnotationBeanPostProcessor pipeListenerAnnotationBeanPostProcessor() {
		return new PipeListenerAnnotationBeanPostProcessor();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonMessageConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		XPipeMessageConverter xpipeMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
			JsonMapper mapper = jsonMapper.getIfAvailable(() -> JsonMapper.builder().build());
			return XPipeMessageConverter.withDefaults(new JacksonJsonMessageConverter(mapper));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	static class PlainMessageConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		XPipeMessageConverter xpipeMessageConverter() {
			return XPipeMessageConverter.withDefaults(null);
		}

	}

}
