package io.github.xpipe.autoconfigure.health;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.autoconfigure.PipeProperties;
import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.autoconfigure.XPipeProperties;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.core.PipeSendException;
import io.github.xpipe.core.XPipeOperations;
import io.github.xpipe.pipe.NamedPipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The {@code xpipe} health component: when it exists, and what each pipe's health says. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeHealthContributorAutoConfigurationTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(XPipeAutoConfiguration.class, XPipeHealthContributorAutoConfiguration.class))
			.withPropertyValues("xpipe.base-dir=" + this.temp.resolve("pipes"), "xpipe.pipes.inbox.direction=inbound",
					"xpipe.pipes.outbox.direction=outbound", "xpipe.pipes.outbox.connect-timeout=50ms");
	}

	@Test
	void contributesOneComponentPerDeclaredPipe() {
		contextRunner().run((context) -> {
			assertThat(context).hasSingleBean(PipeHealthTracker.class).hasBean("xpipeHealthContributor");
			CompositeHealthContributor xpipe = context.getBean("xpipeHealthContributor",
					CompositeHealthContributor.class);
			assertThat(xpipe.stream().map((entry) -> entry.name())).containsExactly("inbox", "outbox");
			Health inbox = health(context, "inbox");
			assertThat(inbox.getStatus()).isEqualTo(Status.UP);
			assertThat(inbox.getDetails()).containsEntry("path", this.temp.resolve("pipes/inbox").toString())
				.containsEntry("direction", "inbound")
				.containsEntry("framing", "length-crc32")
				.containsEntry("owner", "this application")
				.doesNotContainKeys("listener", "reason", "lastError");
			Health outbox = health(context, "outbox");
			assertThat(outbox.getStatus()).isEqualTo(Status.UP);
			assertThat(outbox.getDetails()).containsEntry("direction", "outbound").containsEntry("connected", false);
		});
	}

	@Test
	void downWhenThePipeWasRemoved() {
		contextRunner().run((context) -> {
			Files.delete(this.temp.resolve("pipes/inbox"));
			Health inbox = health(context, "inbox");
			assertThat(inbox.getStatus()).isEqualTo(Status.DOWN);
			assertThat((String) inbox.getDetails().get("reason")).contains("the pipe was removed");
		});
	}

	@Test
	void downWhileTheOwnerHasNotCreatedThePipe() {
		contextRunner().withPropertyValues("xpipe.pipes.outbox.create=false").run((context) -> {
			Health outbox = health(context, "outbox");
			assertThat(outbox.getStatus()).isEqualTo(Status.DOWN);
			assertThat(outbox.getDetails()).containsEntry("owner", "another process");
			assertThat((String) outbox.getDetails().get("reason"))
				.isEqualTo("nothing at " + this.temp.resolve("pipes/outbox") + ": the process that owns the pipe has not created it");
		});
	}

	@Test
	void reportsTheLastErrorAndItsTime() {
		contextRunner().run((context) -> {
			assertThatExceptionOfType(PipeSendException.class)
				.isThrownBy(() -> context.getBean(XPipeOperations.class).send("outbox", new byte[3]));
			Health outbox = health(context, "outbox");
			assertThat(outbox.getStatus()).isEqualTo(Status.UP);
			assertThat((String) outbox.getDetails().get("lastError")).startsWith("send of 3 bytes failed: ");
			assertThat(outbox.getDetails()).containsKey("lastErrorTime");
		});
	}

	@Test
	void downWhenThePipeIsNotStarted() {
		contextRunner().run((context) -> {
			context.getBean("xpipe.pipes.inbox", org.springframework.context.Lifecycle.class).stop();
			Health inbox = health(context, "inbox");
			assertThat(inbox.getStatus()).isEqualTo(Status.DOWN);
			assertThat(inbox.getDetails()).containsEntry("reason", "the pipe is not started");
		});
	}

	@Test
	void downWhileTheListenerCannotReadThePipeAndUpOnceItCan() throws Exception {
		Path external = this.temp.resolve("external");
		Files.writeString(external, "not a pipe");
		contextRunner().withBean(ExternalListener.class)
			.withPropertyValues("xpipe.pipes.external.create=false", "xpipe.pipes.external.path=" + external)
			.run((context) -> {
				await().atMost(Duration.ofSeconds(10)).until(() -> health(context, "external").getStatus() == Status.DOWN);
				Health failing = health(context, "external");
				assertThat((String) failing.getDetails().get("reason"))
					.startsWith("listener 'external-reader' cannot read the pipe: ")
					.contains("not a FIFO");
				assertThat(failing.getDetails()).containsEntry("listenerRunning", true).containsKey("lastErrorTime");
				Files.delete(external);
				try (NamedPipe fifo = NamedPipe.of(external.toString()).create()) {
					await().atMost(Duration.ofSeconds(10)).until(() -> health(context, "external").getStatus() == Status.UP);
					assertThat(health(context, "external").getDetails()).doesNotContainKey("reason")
						.containsEntry("connectedWriters", 0);
				}
			});
	}

	@Test
	void saysWhenTheListenerFollowedAFifoItsOwnerReplaced() throws Exception {
		Path external = this.temp.resolve("external");
		NamedPipe.of(external.toString()).create();
		contextRunner().withBean(ExternalListener.class)
			.withPropertyValues("xpipe.pipes.external.create=false", "xpipe.pipes.external.path=" + external)
			.run((context) -> {
				await().atMost(Duration.ofSeconds(30))
					.until(() -> "reading".equals(health(context, "external").getDetails().get("reader")));
				Files.delete(external);
				await().atMost(Duration.ofSeconds(30)).until(
						() -> "waiting for the pipe".equals(health(context, "external").getDetails().get("reader")));
				Health waiting = health(context, "external");
				assertThat(waiting.getStatus()).isEqualTo(Status.DOWN);
				assertThat(waiting.getDetails())
					.containsEntry("readerWaitingFor", "nothing at " + external);
				assertThat((String) waiting.getDetails().get("reason"))
					.startsWith("listener 'external-reader' is waiting for the pipe: nothing at " + external)
					.contains("the process that owns it removed it");
				NamedPipe.of(external.toString()).create();
				await().atMost(Duration.ofSeconds(30)).until(() -> health(context, "external").getStatus() == Status.UP);
				assertThat(health(context, "external").getDetails()).containsEntry("reader", "reading")
					.containsEntry("replacementsFollowed", 1L)
					.containsKey("lastReplacement")
					.doesNotContainKeys("reason", "readerWaitingFor");
			});
	}

	@Test
	void absentWithoutSpringBootHealth() {
		contextRunner().withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PipeHealthTracker.class)
				.doesNotHaveBean("xpipeHealthContributor"));
	}

	@Test
	void switchedOffByProperty() {
		contextRunner().withPropertyValues("management.health.xpipe.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(PipeHealthTracker.class)
				.doesNotHaveBean("xpipeHealthContributor"));
	}

	@Test
	void switchedOffWithTheDefaultsOfHealthIndicators() {
		contextRunner().withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("xpipeHealthContributor"));
	}

	@Test
	void pipesProvisionedAtRunTimeJoinTheComponent() {
		contextRunner().run((context) -> {
			XPipeProperties xpipe = context.getBean(XPipeProperties.class);
			context.getBean(PipeRegistry.class).provision(new PipeProperties().toDefinition("late", xpipe));
			CompositeHealthContributor contributor = context.getBean("xpipeHealthContributor",
					CompositeHealthContributor.class);
			assertThat(contributor.stream().map((entry) -> entry.name())).containsExactly("inbox", "outbox", "late");
			Health late = health(context, "late");
			assertThat(late.getStatus()).isEqualTo(Status.UP);
			assertThat(late.getDetails()).containsEntry("path", this.temp.resolve("pipes/late").toString())
				.containsEntry("owner", "this application");
		});
	}

	@Test
	void withoutPipesTheComponentHasNoMembersAndTheHealthEndpointLeavesItOut() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class,
					XPipeHealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class))
			.withPropertyValues("xpipe.base-dir=" + this.temp.resolve("pipes"))
			.run((context) -> {
				CompositeHealthContributor contributor = context.getBean("xpipeHealthContributor",
						CompositeHealthContributor.class);
				assertThat(contributor.stream()).isEmpty();
				assertThat(contributor.getContributor("inbox")).isNull();
				HealthDescriptor health = context.getBean(HealthEndpoint.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(context.getBean(HealthEndpoint.class).healthForPath("xpipe")).isNull();
			});
	}

	@Test
	void backsOffFromAUserContributorOfTheSameName() {
		contextRunner()
			.withBean("xpipeHealthContributor", HealthIndicator.class, () -> () -> Health.outOfService().build())
			.run((context) -> assertThat(context.getBean("xpipeHealthContributor", HealthIndicator.class).health()
				.getStatus()).isEqualTo(Status.OUT_OF_SERVICE));
	}

	private static Health health(AssertableApplicationContext context, String pipe) {
		CompositeHealthContributor xpipe = context.getBean("xpipeHealthContributor", CompositeHealthContributor.class);
		return ((HealthIndicator) xpipe.getContributor(pipe)).health();
	}

	static class ExternalListener {

		@PipeListener(value = "external", id = "external-reader")
		void onMessage(byte[] payload) {
		}

	}

}
