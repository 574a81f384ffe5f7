package io.github.xpipe.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.xpipe.autoconfigure.PipeProperties;
import io.github.xpipe.autoconfigure.XPipeProperties;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.config.DefaultPipeListenerContainerFactory;
import io.github.xpipe.config.SimplePipeListenerEndpoint;
import io.github.xpipe.listener.PipeListenerContainer;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.UnsafePipePathException;
import io.github.xpipe.support.XPipeHeaders;
import io.github.xpipe.test.XPipeContextRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Pipes provisioned at run time through the {@link PipeRegistry}, on real FIFOs. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PipeRegistryProvisioningTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path temp;

	private ApplicationContextRunner contextRunner() {
		return XPipeContextRunners.withBaseDir(this.temp.resolve("pipes"), "xpipe.pipes.inbox.direction=inbound");
	}

	@Test
	void provisionedPipeIsAnOwnerOnlyFifoThatTheTemplateAndAContainerUse() {
		contextRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			ManagedPipe requests = registry.provision(definition(context, "requests", new PipeProperties()));
			Path path = Path.of(requests.getPath());
			assertThat(path).isEqualTo(this.temp.resolve("pipes").resolve("requests"));
			assertThat(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther())
				.as("a FIFO").isTrue();
			assertThat(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS))
				.isEqualTo(PosixFilePermissions.fromString("rw-------"));
			assertThat(requests.isRunning()).isTrue();
			assertThat(registry.isProvisioned("requests")).isTrue();
			assertThat(registry.isProvisioned("inbox")).isFalse();
			assertThat(registry.getPipeNames()).containsExactly("inbox", "requests");
			assertThat(registry.getPipes()).contains(requests);

			// this application writes the same FIFO through an outbound pipe it does not own
			PipeProperties writer = new PipeProperties();
			writer.setDirection(PipeDirection.OUTBOUND);
			writer.setCreate(false);
			writer.setPath(path.toString());
			registry.provision(definition(context, "requests-writer", writer));

			BlockingQueue<Message<byte[]>> received = new LinkedBlockingQueue<>();
			SimplePipeListenerEndpoint endpoint = new SimplePipeListenerEndpoint();
			endpoint.setId("provisioned");
			endpoint.setPipe("requests");
			endpoint.setMessageListener(received::add);
			PipeListenerContainer container = context.getBean(DefaultPipeListenerContainerFactory.class)
				.createListenerContainer(endpoint);
			container.start();
			try {
				context.getBean(XPipeOperations.class).convertAndSend("requests-writer", "hello");
				Message<byte[]> message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(message).isNotNull();
				assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("hello");
				assertThat(message.getHeaders()).containsEntry(XPipeHeaders.PIPE, "requests");
			}
			finally {
				container.stop();
			}
		});
		assertThat(this.temp.resolve("pipes").resolve("requests")).as("removed with the context").doesNotExist();
	}

	@Test
	void provisioningAnEqualDefinitionAgainReturnsTheSamePipeFromAnyThread() throws Exception {
		contextRunner().run((context) -> {
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			PipeProperties properties = new PipeProperties();
			properties.setFraming(Framing.BASE64);
			Callable<ManagedPipe> provision = () -> registry.provision(definition(context, "shared", properties));
			ExecutorService executor = Executors.newFixedThreadPool(4);
			try {
				List<Future<ManagedPipe>> results = executor.invokeAll(IntStream.range(0, 8).mapToObj((i) -> provision).toList());
				ManagedPipe first = results.get(0).get();
				for (Future<ManagedPipe> result : results) {
					assertThat(result.get()).isSameAs(first);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(registry.getPipeNames()).containsExactly("inbox", "shared");
		});
	}

	@Test
	void provisioningTheDefinitionOfADeclaredPipeReturnsTheDeclaredPipe() {
		contextRunner().run((context) -> {
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			ManagedPipe declared = registry.getPipe("inbox", "the test");
			assertThat(registry.provision(definition(context, "inbox", new PipeProperties()))).isSameAs(declared);
			assertThat(registry.isProvisioned("inbox")).isFalse();
		});
	}

	@Test
	void anotherDefinitionUnderAProvisionedNameIsRefusedNamingWhatDiffers() {
		contextRunner().run((context) -> {
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			ManagedPipe existing = registry.provision(definition(context, "jobs", new PipeProperties()));
			PipeProperties other = new PipeProperties();
			other.setDirection(PipeDirection.OUTBOUND);
			other.setFraming(Framing.BASE64);
			assertThatIllegalStateException().isThrownBy(() -> registry.provision(definition(context, "jobs", other)))
				.withMessageContaining("Cannot provision pipe 'jobs': a pipe of that name was provisioned already")
				.withMessageContaining("direction (existing: INBOUND, requested: OUTBOUND)")
				.withMessageContaining("framing (existing: ")
				.withMessageNotContaining("charset");
			assertThat(registry.getPipe("jobs", "the test")).isSameAs(existing);
		});
	}

	@Test
	void anotherDefinitionUnderADeclaredNameIsRefused() {
		contextRunner().run((context) -> {
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			PipeProperties other = new PipeProperties();
			other.setPermissions("rw-rw----");
			assertThatIllegalStateException().isThrownBy(() -> registry.provision(definition(context, "inbox", other)))
				.withMessageContaining("a pipe of that name is declared (xpipe.pipes.inbox)")
				.withMessageContaining("permissions (existing: [OWNER_");
		});
	}

	@Test
	void unknownPipeNamesTheProvisionedPipesToo() {
		contextRunner().run((context) -> {
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			registry.provision(definition(context, "jobs", new PipeProperties()));
			assertThatExceptionOfType(UnknownPipeException.class).isThrownBy(() -> registry.getPipe("job", "a send"))
				.satisfies((ex) -> assertThat(ex.getDeclaredPipes()).containsExactly("inbox", "jobs"));
			assertThat(registry.findPipe("job")).isNull();
		});
	}

	@Test
	void destroyingTheRegistryRemovesOnlyWhatItsPipesCreated() throws Exception {
		Path pipes = Files.createDirectories(this.temp.resolve("pipes"));
		Path existing = pipes.resolve("existing");
		NamedPipe.of(existing.toString()).create();
		Path notOwned = pipes.resolve("not-owned");
		NamedPipe.of(notOwned.toString()).create();
		contextRunner().run((context) -> {
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			registry.provision(definition(context, "fresh", new PipeProperties()));
			registry.provision(definition(context, "existing", new PipeProperties()));
			PipeProperties connectOnly = new PipeProperties();
			connectOnly.setCreate(false);
			registry.provision(definition(context, "not-owned", connectOnly));
			assertThat(pipes.resolve("fresh")).exists();
		});
		assertThat(pipes.resolve("fresh")).as("created by the provisioned pipe").doesNotExist();
		assertThat(pipes.resolve("inbox")).as("created by the declared pipe").doesNotExist();
		assertThat(existing).as("there before").exists();
		assertThat(notOwned).as("not owned").exists();
	}

	@Test
	void destroyedRegistryForgetsItsProvisionedPipesAndProvisionsNoMore() {
		PipeRegistry registry = new PipeRegistry(List.of());
		ManagedPipe pipe = registry.provision(plainDefinition("late"));
		registry.destroy();
		assertThat(pipe.isRunning()).isFalse();
		assertThat(Path.of(pipe.getPath())).doesNotExist();
		assertThat(registry.getPipeNames()).isEmpty();
		assertThatIllegalStateException().isThrownBy(() -> registry.provision(plainDefinition("later")))
			.withMessageContaining("destroyed");
	}

	@Test
	void stoppingTheRegistryRemovesProvisionedPipesAndStartingItCreatesThemAgain() {
		PipeRegistry registry = new PipeRegistry(List.of());
		try {
			registry.start();
			ManagedPipe pipe = registry.provision(plainDefinition("cycled"));
			Path path = Path.of(pipe.getPath());
			assertThat(path).exists();
			registry.stop();
			assertThat(registry.isRunning()).isFalse();
			assertThat(path).doesNotExist();
			assertThat(registry.findPipe("cycled")).isSameAs(pipe);
			registry.start();
			assertThat(path).exists();
			assertThat(pipe.isRunning()).isTrue();
		}
		finally {
			registry.destroy();
		}
	}

	@Test
	void unsafePathIsRefusedLeftUntouchedAndNotRegistered() throws Exception {
		Path file = Files.writeString(Files.createDirectories(this.temp.resolve("pipes")).resolve("squatted"),
				"not a pipe");
		contextRunner().run((context) -> {
			PipeRegistry registry = context.getBean(PipeRegistry.class);
			assertThatExceptionOfType(PipeCreationException.class)
				.isThrownBy(() -> registry.provision(definition(context, "squatted", new PipeProperties())))
				.havingRootCause()
				.isInstanceOf(UnsafePipePathException.class);
			assertThat(registry.findPipe("squatted")).isNull();
			assertThat(registry.getPipeNames()).containsExactly("inbox");
		});
		assertThat(Files.readString(file)).isEqualTo("not a pipe");
	}

	@Test
	void contradictorySettingsFailAsForADeclaredPipe() {
		contextRunner().run((context) -> {
			PipeProperties properties = new PipeProperties();
			properties.setPeer(XPipeProperties.Peer.NPIPES);
			properties.setFraming(Framing.BASE64);
			assertThatIllegalStateException().isThrownBy(() -> definition(context, "npipes", properties))
				.withMessageContaining("remove xpipe.pipes.npipes.framing or xpipe.pipes.npipes.peer");
		});
	}

	private static PipeDefinition definition(AssertableApplicationContext context, String name,
			PipeProperties properties) {
		return properties.toDefinition(name, context.getBean(XPipeProperties.class));
	}

	private PipeDefinition plainDefinition(String name) {
		XPipeProperties xpipe = new XPipeProperties();
		xpipe.setBaseDir(this.temp.resolve("plain"));
		return new PipeProperties().toDefinition(name, xpipe);
	}

}
