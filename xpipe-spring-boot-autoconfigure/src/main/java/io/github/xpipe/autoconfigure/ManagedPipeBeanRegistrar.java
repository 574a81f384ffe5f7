package io.github.xpipe.autoconfigure;

import java.util.Set;

import io.github.xpipe.core.ManagedPipe;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
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
 * {@code xpipe.pipes.<name>}. Each definition names the static factory method
 * {@link DeclaredPipes#create} and the pipe's name, its only argument given here: the other two are
 * autowired, and the pipe's settings are read from the bound {@link XPipeProperties} when the bean
 * is created. Ahead-of-time processing can therefore generate code for these definitions; only
 * the set of pipe names is then fixed at build time (see {@link DeclaredPipes#checkAllRegistered}).
 */
class ManagedPipeBeanRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

	/** Prefix of the bean name of each pipe. */
	static final String BEAN_NAME_PREFIX = "xpipe.pipes.";

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Assert.state(this.environment != null, "Environment required");
		for (String name : declaredNames(this.environment)) {
			registry.registerBeanDefinition(BEAN_NAME_PREFIX + name, pipeDefinition(name));
		}
	}

	/** The definition of the bean of the pipe declared as {@code xpipe.pipes.<name>}. */
	static RootBeanDefinition pipeDefinition(String name) {
		RootBeanDefinition definition = new RootBeanDefinition(DeclaredPipes.class);
		definition.setFactoryMethodName("create");
		definition.setTargetType(ManagedPipe.class);
		definition.setAutowireMode(AutowireCapableBeanFactory.AUTOWIRE_CONSTRUCTOR);
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
		return definition;
	}

	/** The keys of {@code xpipe.pipes} in this environment, in declaration order. */
	static Set<String> declaredNames(Environment environment) {
		return Binder.get(environment)
			.bind("xpipe.pipes", Bindable.mapOf(String.class, PipeProperties.class))
			.map((pipes) -> pipes.keySet())
			.orElse(Set.of());
	}

}
