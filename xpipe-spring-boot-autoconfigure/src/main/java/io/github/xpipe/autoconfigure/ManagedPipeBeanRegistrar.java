package io.github.xpipe.autoconfigure;

import java.util.Map;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.pipe.spi.PipeBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.Assert;

/**
 * Registers one {@link ManagedPipe} bean per key of {@code xpipe.pipes}, named
 * {@code xpipe.pipes.<name>}, built from the bound {@link XPipeProperties}.
 */
class ManagedPipeBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	/** Prefix of the bean name of each pipe. */
	static final String BEAN_NAME_PREFIX = "xpipe.pipes.";

	private @Nullable Environment environment;

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Assert.state(this.environment != null && this.beanFactory != null, "Environment and BeanFactory required");
		BeanFactory factory = this.beanFactory;
		Map<String, XPipeProperties.Pipe> declared = Binder.get(this.environment)
			.bind("xpipe.pipes", Bindable.mapOf(String.class, XPipeProperties.Pipe.class))
			.orElse(Map.of());
		for (String name : declared.keySet()) {
			RootBeanDefinition definition = new RootBeanDefinition(ManagedPipe.class);
			definition.setInstanceSupplier(() -> createPipe(name, factory));
			registry.registerBeanDefinition(BEAN_NAME_PREFIX + name, definition);
		}
	}

	private static ManagedPipe createPipe(String name, BeanFactory beanFactory) {
		XPipeProperties properties = beanFactory.getBean(XPipeProperties.class);
		XPipeProperties.Pipe pipe = properties.getPipes().get(name);
		Assert.state(pipe != null, () -> "Pipe '" + name + "' is no longer declared");
		return new ManagedPipe(PipeDefinitions.of(name, pipe, properties), beanFactory.getBean(PipeBackend.class));
	}

}
