package io.github.xpipe.autoconfigure;

import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.event.PipeEventPublisher;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of xpipe's {@link io.github.xpipe.event.PipeEvent application events}: writers
 * connecting and disconnecting, listeners idling, frames rejected. Off with
 * {@code xpipe.events.enabled=false}.
 */
@AutoConfiguration(after = XPipeAutoConfiguration.class)
@ConditionalOnBean(PipeRegistry.class)
@ConditionalOnBooleanProperty(name = "xpipe.events.enabled", matchIfMissing = true)
public final class XPipeEventAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipeEventPublisher xpipeEventPublisher(ApplicationEventPublisher applicationEventPublisher,
			PipeRegistry pipeRegistry, XPipeProperties properties) {
		return new PipeEventPublisher(applicationEventPublisher, pipeRegistry,
				properties.getListener().getIdleEventInterval());
	}

}
