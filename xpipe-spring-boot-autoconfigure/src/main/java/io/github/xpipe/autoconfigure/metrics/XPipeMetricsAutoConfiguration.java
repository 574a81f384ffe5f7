package io.github.xpipe.autoconfigure.metrics;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.support.micrometer.PipeMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code xpipe.*} counters ({@link PipeMetrics}), present when a
 * {@link MeterRegistry} bean exists: each declared pipe has the counters of its direction, at zero
 * from the start. Off, like any meter, with {@code management.metrics.enable.xpipe=false}.
 *
 * <p>The {@code xpipe.listener} and {@code xpipe.template} observations (timers, with Actuator) are
 * switched on by {@code xpipe.listener.observation-enabled} and
 * {@code xpipe.template.observation-enabled}; see {@code XPipeAutoConfiguration}.
 */
@AutoConfiguration(after = XPipeAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, PipeRegistry.class })
public final class XPipeMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PipeMetrics xpipeMetrics(MeterRegistry meterRegistry, PipeRegistry pipeRegistry) {
		return new PipeMetrics(meterRegistry, pipeRegistry.getPipes());
	}

}
