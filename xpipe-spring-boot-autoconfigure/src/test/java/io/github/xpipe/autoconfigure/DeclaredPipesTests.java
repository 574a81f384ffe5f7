package io.github.xpipe.autoconfigure;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipe beans' definitions, and what happens when the pipes declared at run time are not those
 * the bean definitions were made for, as when an application processed ahead of time is started
 * with other pipes. The pipes are owned by another process, so nothing is created on disk.
 */
class DeclaredPipesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
		.withPropertyValues("xpipe.pipes.inbox.direction=inbound", "xpipe.pipes.inbox.create=false",
				"xpipe.pipes.outbox.direction=outbound", "xpipe.pipes.outbox.create=false");

	@Test
	void eachPipeIsDefinedByTheFactoryMethodAndItsNameAlone() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			RootBeanDefinition definition = (RootBeanDefinition) context.getBeanFactory()
				.getBeanDefinition("xpipe.pipes.inbox");
			assertThat(definition.getInstanceSupplier()).as("AOT cannot process an instance supplier").isNull();
			assertThat(definition.getBeanClass()).isEqualTo(DeclaredPipes.class);
			assertThat(definition.getFactoryMethodName()).isEqualTo("create");
			assertThat(definition.getConstructorArgumentValues().getIndexedArgumentValues()).hasSize(1);
			assertThat(definition.getConstructorArgumentValues().getIndexedArgumentValue(0, String.class).getValue())
				.isEqualTo("inbox");
			assertThat(context.getBeanFactory().getType("xpipe.pipes.inbox")).isEqualTo(ManagedPipe.class);
			assertThat(context.getBean("xpipe.pipes.outbox", ManagedPipe.class).getName()).isEqualTo("outbox");
			assertThat(context.getBean(PipeRegistry.class).getPipeNames()).containsExactly("inbox", "outbox");
		});
	}

	@Test
	void pipeDeclaredWithoutItsBeanFailsTheStartup() {
		this.contextRunner.withUserConfiguration(WithoutTheOutboxBean.class).run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PipesChangedSinceAotProcessingException.class)
				.hasMessageContaining("declared now but not at build time: outbox")
				.hasMessageNotContaining("inbox");
			FailureAnalysis analysis = new PipesChangedSinceAotProcessingFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("processed with ahead of time");
			assertThat(analysis.getAction()).contains("build again", "-Dspring.aot.enabled=true",
					"only the set of names is fixed");
		});
	}

	@Test
	void pipeBeanWhosePipeIsNoLongerDeclaredFailsTheStartup() {
		this.contextRunner.withUserConfiguration(WithABeanForAnUndeclaredPipe.class).run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(PipesChangedSinceAotProcessingException.class)
				.hasMessageContaining("declared at build time but not now: gone");
		});
	}

	/** Leaves out the outbox's bean, as a build that did not declare it would. */
	@Configuration(proxyBeanMethods = false)
	static class WithoutTheOutboxBean {

		@Bean
		static BeanFactoryPostProcessor removeOutbox() {
			return (beanFactory) -> ((BeanDefinitionRegistry) beanFactory).removeBeanDefinition("xpipe.pipes.outbox");
		}

	}

	/** Adds the bean of a pipe that is not declared, as a build that declared it would. */
	@Configuration(proxyBeanMethods = false)
	static class WithABeanForAnUndeclaredPipe {

		@Bean
		static BeanFactoryPostProcessor addGone() {
			return (beanFactory) -> ((BeanDefinitionRegistry) beanFactory).registerBeanDefinition("xpipe.pipes.gone",
					ManagedPipeBeanRegistrar.pipeDefinition("gone"));
		}

	}

}
