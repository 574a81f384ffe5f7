package io.github.xpipe.autoconfigure;

import java.util.List;

import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.event.PipeEventPublisher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The application events of xpipe are on by default and can be switched off. */
class XPipeEventAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class, XPipeEventAutoConfiguration.class));

	@Test
	void publishesEventsByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(PipeEventPublisher.class));
	}

	@Test
	void switchedOffByProperty() {
		this.contextRunner.withPropertyValues("xpipe.events.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PipeEventPublisher.class));
	}

	@Test
	void backsOffFromTheApplicationsPublisher() {
		this.contextRunner.withBean("custom", PipeEventPublisher.class, () -> new PipeEventPublisher((event) -> {
		}, new PipeRegistry(List.of()))).run((context) -> assertThat(context).hasSingleBean(PipeEventPublisher.class).hasBean("custom"));
	}

}
