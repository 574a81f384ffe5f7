package io.github.xpipe.autoconfigure.health;

import java.util.List;
import java.util.function.Supplier;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.config.PipeListenerEndpointRegistry;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.listener.PipeListenerContainer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code xpipe} health component: one member per pipe of the
 * {@link PipeRegistry}, declared or provisioned at run time, see {@link PipeHealthIndicator}. Present
 * with {@code spring-boot-health} (Actuator) and the pipe registry; off with
 * {@code management.health.xpipe.enabled=false}.
 */
@AutoConfiguration(after = XPipeAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBean(PipeRegistry.class)
public final class XPipeHealthContributorAutoConfiguration {

	/** Nested so that its condition is read only once {@code spring-boot-health} is known to be present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("xpipe")
	static class PipeHealthConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PipeHealthTracker xpipeHealthTracker() {
			return new PipeHealthTracker();
		}

		@Bean
		@ConditionalOnMissingBean(name = "xpipeHealthContributor")
		HealthContributor xpipeHealthContributor(PipeRegistry pipeRegistry, PipeHealthTracker xpipeHealthTracker,
				ObjectProvider<PipeListenerEndpointRegistry> endpointRegistry) {
			Supplier<List<PipeListenerContainer>> listeners = () -> {
				PipeListenerEndpointRegistry registry = endpointRegistry.getIfUnique();
				return (registry != null) ? List.copyOf(registry.getListenerContainers()) : List.of();
			};
			return new PipeHealthContributor(pipeRegistry, listeners, xpipeHealthTracker);
		}

	}

}
