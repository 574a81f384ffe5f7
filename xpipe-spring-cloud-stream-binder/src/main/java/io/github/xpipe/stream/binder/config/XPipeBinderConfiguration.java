package io.github.xpipe.stream.binder.config;

import io.github.xpipe.annotation.PipeListenerAnnotationBeanPostProcessor;
import io.github.xpipe.autoconfigure.XPipeProperties;
import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.stream.binder.XPipeBinderHealthIndicator;
import io.github.xpipe.stream.binder.XPipeMessageChannelBinder;
import io.github.xpipe.stream.binder.properties.XPipeBinderConfigurationProperties;
import io.github.xpipe.stream.binder.properties.XPipeExtendedBindingProperties;
import io.github.xpipe.stream.binder.provisioning.XPipeProvisioner;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.cloud.stream.binder.Binder;
import org.springframework.cloud.stream.config.ConsumerEndpointCustomizer;
import org.springframework.cloud.stream.config.ProducerMessageHandlerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The configuration of the xpipe binder, registered as binder type {@code xpipe} in
 * {@code META-INF/spring.binders}. Spring Cloud Stream creates it in a binder context whose parent
 * is the application's, and it builds on xpipe's auto-configuration there: the
 * {@link PipeRegistry} provisions the pipes, the {@code pipeListenerContainerFactory} reads them and
 * the {@link XPipeOperations} writes them. A binder configured with an environment of its own
 * ({@code spring.cloud.stream.binders.<name>.environment}) has no such parent and fails to start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(Binder.class)
@EnableConfigurationProperties({ XPipeBinderConfigurationProperties.class, XPipeExtendedBindingProperties.class })
@Import(XPipeBinderConfiguration.HealthIndicatorConfiguration.class)
public class XPipeBinderConfiguration {

	@Bean
	XPipeProvisioner xpipeProvisioner(ObjectProvider<PipeRegistry> registry, ObjectProvider<XPipeProperties> properties) {
		return new XPipeProvisioner(required(registry, PipeRegistry.class), required(properties, XPipeProperties.class));
	}

	@Bean
	XPipeMessageChannelBinder xpipeMessageChannelBinder(XPipeBinderConfigurationProperties configuration,
			XPipeExtendedBindingProperties extendedBindingProperties, XPipeProvisioner provisioner,
			BeanFactory beanFactory, ObjectProvider<XPipeOperations> operations,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<ProducerMessageHandlerCustomizer<?>> producerCustomizer,
			ObjectProvider<ConsumerEndpointCustomizer<?>> consumerCustomizer) {
		XPipeMessageChannelBinder binder = new XPipeMessageChannelBinder(configuration, provisioner,
				containerFactory(beanFactory), required(operations, XPipeOperations.class));
		binder.setExtendedBindingProperties(extendedBindingProperties);
		observationRegistry.ifUnique(binder::setObservationRegistry);
		producerCustomizer.ifUnique(binder::setProducerMessageHandlerCustomizer);
		consumerCustomizer.ifUnique(binder::setConsumerEndpointCustomizer);
		return binder;
	}

	private static PipeListenerContainerFactory<?> containerFactory(BeanFactory beanFactory) {
		String name = PipeListenerAnnotationBeanPostProcessor.DEFAULT_CONTAINER_FACTORY_BEAN_NAME;
		if (!beanFactory.containsBean(name)) {
			throw missing("PipeListenerContainerFactory named '" + name + "'");
		}
		return beanFactory.getBean(name, PipeListenerContainerFactory.class);
	}

	private static <T> T required(ObjectProvider<T> provider, Class<T> type) {
		T bean = provider.getIfUnique();
		if (bean == null) {
			throw missing(type.getSimpleName());
		}
		return bean;
	}

	private static IllegalStateException missing(String what) {
		return new IllegalStateException("The xpipe binder needs xpipe's auto-configuration, and found no unique " + what
				+ ": keep XPipeAutoConfiguration enabled (it comes with xpipe-spring-boot-autoconfigure), and give the "
				+ "xpipe binder no environment of its own (spring.cloud.stream.binders.<name>.environment), so that its "
				+ "context is a child of the application's");
	}

	/** The binder's health indicator, collected by Spring Cloud Stream into the {@code binders} health. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
	@ConditionalOnEnabledHealthIndicator("binders")
	static class HealthIndicatorConfiguration {

		@Bean
		XPipeBinderHealthIndicator xpipeBinderHealthIndicator(XPipeMessageChannelBinder binder) {
			return new XPipeBinderHealthIndicator(binder);
		}

	}

}
