package io.github.xpipe.test.context;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.test.PipeTestClient;
import io.github.xpipe.test.PipeTestDirectory;
import io.github.xpipe.test.XPipeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The private directory of each Spring test context and the client bean, on sample test classes run
 * by the JUnit Platform test kit.
 */
@DisabledOnOs(OS.WINDOWS)
class XPipeTestContextCustomizerTests {

	private static final String OWN_DIRECTORY = "xpipe.test.sample.base-dir";

	@TempDir
	Path temp;

	@Test
	void eachContextHasItsOwnDirectoryDeletedWithItsPipesWhenItCloses() {
		PipesSample.SEEN.clear();
		run(PipesSample.class);
		run(OtherPipesSample.class);
		assertThat(PipesSample.SEEN).hasSize(2).doesNotHaveDuplicates().allSatisfy((directory) -> {
			assertThat(directory).doesNotExist();
			assertThat(directory.getParent().getFileName().toString()).startsWith("xpipe-test-");
		});
	}

	@Test
	void aBaseDirectoryTheTestSetsIsKept() {
		Path own = this.temp.resolve("own");
		System.setProperty(OWN_DIRECTORY, own.toString());
		try {
			OwnDirectorySample.SEEN.clear();
			run(OwnDirectorySample.class);
		}
		finally {
			System.clearProperty(OWN_DIRECTORY);
		}
		assertThat(OwnDirectorySample.SEEN).containsExactly(own.resolve("inbox"));
	}

	@Test
	void testsWithoutTheAnnotationAreLeftAlone() {
		assertThat(new XPipeTestContextCustomizerFactory().createContextCustomizer(getClass(), List.of())).isNull();
		assertThat(new XPipeTestContextCustomizerFactory().createContextCustomizer(PipesSample.class, List.of()))
			.isEqualTo(new XPipeTestContextCustomizerFactory().createContextCustomizer(OtherPipesSample.class, List.of()));
	}

	@Test
	void theClientConfigurationServesAnApplicationContextRunnerToo() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
			.withUserConfiguration(PipeTestClientConfiguration.class)
			.withPropertyValues("xpipe.base-dir=" + this.temp, "xpipe.pipes.outbox.direction=outbound",
					"xpipe.pipes.outbox.framing=base64", "xpipe.pipes.inbox.direction=inbound")
			.run((context) -> {
				PipeTestClient client = context.getBean(PipeTestClient.class);
				assertThat(client.pipeNames()).containsExactly("outbox", "inbox");
				assertThat(client.endpoint("outbox").path()).isEqualTo(this.temp.resolve("outbox").toString());
				context.getBean(io.github.xpipe.core.XPipeOperations.class).send("outbox", "sent at once".getBytes());
				assertThat(client.receive("outbox", String.class, Duration.ofSeconds(20))).isEqualTo("sent at once");
			});
	}

	private static void run(Class<?> testClass) {
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(testClass))
			.execute()
			.allEvents()
			.assertThatEvents()
			.noneMatch((event) -> event.getPayload(TestExecutionResult.class)
				.map((result) -> result.getStatus() != TestExecutionResult.Status.SUCCESSFUL)
				.orElse(false));
	}

	/** An application with its declared pipes and nothing else. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PipesOnly {

	}

	@SpringBootTest(classes = PipesOnly.class,
			properties = { "xpipe.pipes.inbox.direction=inbound", "xpipe.pipes.outbox.direction=outbound" })
	@XPipeTest
	@DirtiesContext
	static class PipesSample {

		static final List<Path> SEEN = new CopyOnWriteArrayList<>();

		@Autowired
		PipeTestDirectory directory;

		@Autowired
		PipeRegistry pipes;

		@Test
		void pipesAreInTheContextsDirectory() {
			for (ManagedPipe pipe : this.pipes.getPipes()) {
				assertThat(Path.of(pipe.getPath())).hasParent(this.directory.path()).exists();
			}
			SEEN.add(this.directory.path());
		}

	}

	static class OtherPipesSample extends PipesSample {

	}

	@SpringBootTest(classes = PipesOnly.class, properties = "xpipe.pipes.inbox.direction=inbound")
	@TestPropertySource(properties = "xpipe.base-dir=${" + OWN_DIRECTORY + "}")
	@XPipeTest
	@DirtiesContext
	static class OwnDirectorySample {

		static final List<Path> SEEN = new CopyOnWriteArrayList<>();

		@Autowired
		ApplicationContext context;

		@Test
		void pipesAreInTheTestsDirectory() {
			assertThat(this.context.containsBean(XPipeTestContextCustomizer.DIRECTORY_BEAN_NAME)).isFalse();
			SEEN.add(Path.of(this.context.getBean(PipeRegistry.class).getPipe("inbox", "the test").getPath()));
		}

	}

}
