package io.github.xpipe.autoconfigure.metrics;

import java.util.List;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.core.PipeSendException;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.support.micrometer.PipeMetrics;
import io.github.xpipe.test.MeterObservationConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code xpipe.*} counters and the {@code xpipe.template} observation as a timer: when they
 * exist and how they are switched on and off. Pipes are owned by another process here, so nothing is created on disk.
 */
class XPipeMetricsAutoConfigurationTests {

	private static final List<String> INBOUND_COUNTERS = List.of("xpipe.messages.received", "xpipe.bytes.received",
			"xpipe.listener.errors");

	private static final List<String> OUTBOUND_COUNTERS = List.of("xpipe.messages.sent", "xpipe.bytes.sent");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class, XPipeMetricsAutoConfiguration.class))
		.withPropertyValues("xpipe.pipes.orders.direction=inbound", "xpipe.pipes.orders.create=false",
				"xpipe.pipes.receipts.direction=outbound", "xpipe.pipes.receipts.create=false",
				"xpipe.pipes.receipts.path=no-such-pipe-for-xpipe-tests", "xpipe.pipes.receipts.connect-timeout=0s");

	@Test
	void registersTheCountersOfEveryPipeAtZeroAsItsDirectionAllows() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(PipeMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (String name : INBOUND_COUNTERS) {
				assertThat(registry.get(name).tag("pipe", "orders").counter().count()).as(name + " of orders").isZero();
				assertThat(registry.find(name).tag("pipe", "receipts").counter()).as(name + " of receipts").isNull();
			}
			for (String name : OUTBOUND_COUNTERS) {
				assertThat(registry.get(name).tag("pipe", "receipts").counter().count()).as(name + " of receipts")
					.isZero();
				assertThat(registry.find(name).tag("pipe", "orders").counter()).as(name + " of orders").isNull();
			}
		});
	}

	@Test
	void absentWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipeMetrics.class));
	}

	@Test
	void absentWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipeMetrics.class));
	}

	@Test
	void backsOffFromTheApplicationsPipeMetrics() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withBean("custom", PipeMetrics.class, () -> new PipeMetrics(new SimpleMeterRegistry(), List.of()))
			.run((context) -> {
				assertThat(context).hasSingleBean(PipeMetrics.class).hasBean("custom");
				assertThat(context.getBean(MeterRegistry.class).find("xpipe.messages.received").counter()).isNull();
			});
	}

	@Test
	void withBootsMetricsTheCountersAreInItsRegistry() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(MeterRegistry.class)
				.get("xpipe.messages.received")
				.tag("pipe", "orders")
				.counter()).isNotNull());
	}

	@Test
	void switchedOffWithBootsMeterFilter() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("management.metrics.enable.xpipe=false")
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("xpipe.messages.received").meters())
				.isEmpty());
	}

	@Test
	void failedSendIsObservedWithItsError() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withUserConfiguration(MeterObservationConfiguration.class)
			.withPropertyValues("xpipe.template.observation-enabled=true")
			.run((context) -> {
				assertThatExceptionOfType(PipeSendException.class)
					.isThrownBy(() -> context.getBean(XPipeOperations.class).send("receipts", new byte[1]));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("xpipe.template")
					.tags("messaging.system", "xpipe", "messaging.operation", "publish", "messaging.destination.name",
							"receipts", "messaging.destination.kind", "pipe", "xpipe.framing", "length-crc32", "error",
							"PipeSendException")
					.timer()
					.count()).isEqualTo(1);
				assertThat(registry.get("xpipe.messages.sent").tag("pipe", "receipts").counter().count()).isZero();
			});
	}

	@Test
	void templateObservationIsOffByDefault() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withUserConfiguration(MeterObservationConfiguration.class)
			.run((context) -> {
				assertThatExceptionOfType(PipeSendException.class)
					.isThrownBy(() -> context.getBean(XPipeOperations.class).send("receipts", new byte[1]));
				assertThat(context.getBean(MeterRegistry.class).find("xpipe.template").timers()).isEmpty();
			});
	}

	@Test
	void observationsSwitchedOffWithBootsObservationProperties() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withUserConfiguration(MeterObservationConfiguration.class)
			.withPropertyValues("xpipe.template.observation-enabled=true", "management.observations.enable.xpipe=false")
			.run((context) -> {
				assertThatExceptionOfType(PipeSendException.class)
					.isThrownBy(() -> context.getBean(XPipeOperations.class).send("receipts", new byte[1]));
				assertThat(context.getBean(MeterRegistry.class).find("xpipe.template").timers()).isEmpty();
			});
	}

}
