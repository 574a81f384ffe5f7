package io.github.xpipe.stream.binder.config;

import java.util.Map;

import io.github.xpipe.stream.binder.properties.XPipeExtendedBindingProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.cloud.stream.config.BindingHandlerAdvise.MappingsProvider;
import org.springframework.context.annotation.Bean;

/**
 * Makes {@code spring.cloud.stream.xpipe.default.*} the defaults of every
 * {@code spring.cloud.stream.xpipe.bindings.<binding>.*}, as the other binders do.
 */
@AutoConfiguration
public final class XPipeBindingDefaultsAutoConfiguration {

	@Bean
	MappingsProvider xpipeExtendedPropertiesDefaultMappingsProvider() {
		return () -> Map.of(ConfigurationPropertyName.of("spring.cloud.stream.xpipe.bindings"),
				ConfigurationPropertyName.of(XPipeExtendedBindingProperties.DEFAULTS_PREFIX));
	}

}
