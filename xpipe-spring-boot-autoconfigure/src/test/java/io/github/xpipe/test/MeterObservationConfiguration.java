package io.github.xpipe.test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Test support: an in-memory meter registry and the handler that turns observations into its
 * timers, for tests that check the meters observations leave.
 */
@Configuration(proxyBeanMethods = false)
public class MeterObservationConfiguration {

	@Bean
	SimpleMeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	DefaultMeterObservationHandler meterObservationHandler(MeterRegistry meterRegistry) {
		return new DefaultMeterObservationHandler(meterRegistry);
	}

}
