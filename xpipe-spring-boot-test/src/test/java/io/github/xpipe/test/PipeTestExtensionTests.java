package io.github.xpipe.test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.ReadPipeEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@link XPipeTest @XPipeTest} on test classes run by the JUnit Platform test kit: private
 * directories per test and per class, and nothing left behind.
 */
@DisabledOnOs(OS.WINDOWS)
class PipeTestExtensionTests {

	private static final String OWNER_ONLY = "rwx------";

	@TempDir
	static Path outside;

	@Test
	void eachTestHasAPrivateDirectoryOfItsOwnDeletedWithItsPipesAfterwards() throws Exception {
		MethodDirectories.SEEN.clear();
		Path target = Files.writeString(outside.resolve("target"), "keep me");
		MethodDirectories.linkTarget = target;
		run(MethodDirectories.class, false);
		assertThat(MethodDirectories.SEEN).hasSize(2).doesNotHaveDuplicates().allSatisfy((path) -> {
			assertThat(path).doesNotExist();
			assertThat(path.getParent().getFileName().toString()).startsWith("xpipe-test-");
		});
		assertThat(MethodDirectories.SEEN).map((path) -> path.getFileName().toString())
			.anySatisfy((name) -> assertThat(name).startsWith("MethodDirectories.first-"));
		assertThat(target).hasContent("keep me");
	}

	@Test
	void testsRunningInParallelEachHaveTheirOwnDirectory() {
		MethodDirectories.SEEN.clear();
		MethodDirectories.linkTarget = outside;
		run(MethodDirectories.class, true);
		assertThat(MethodDirectories.SEEN).hasSize(2).doesNotHaveDuplicates().allSatisfy((path) -> assertThat(path).doesNotExist());
	}

	@Test
	void aDirectoryAskedForBeforeAllIsSharedByTheClassAndDeletedAfterIt() {
		ClassDirectory.SEEN.clear();
		run(ClassDirectory.class, false);
		assertThat(ClassDirectory.SEEN).hasSize(3).containsOnly(ClassDirectory.shared.path());
		assertThat(ClassDirectory.shared.exists()).isFalse();
	}

	@Test
	void createdDirectoriesAreOwnerOnlyAndCloseIsIdempotent() throws Exception {
		PipeTestDirectory directory = PipeTestDirectory.create("a label / with: odd characters");
		try {
			assertThat(directory.path().getFileName().toString()).startsWith("a-label-with-odd-characters-");
			assertThat(permissions(directory.path())).isEqualTo(OWNER_ONLY);
			assertThat(permissions(directory.path().getParent())).isEqualTo(OWNER_ONLY);
			assertThat(directory.options().baseDirectory()).isEqualTo(directory.path());
			assertThat(directory.pipe("orders").path()).isEqualTo(directory.resolve("orders").toString());
		}
		finally {
			directory.close();
		}
		directory.close();
		assertThat(directory.exists()).isFalse();
	}

	private static void run(Class<?> testClass, boolean parallel) {
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(testClass))
			.configurationParameter("junit.jupiter.execution.parallel.enabled", String.valueOf(parallel))
			.configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
			.execute()
			.allEvents()
			.assertThatEvents()
			.noneMatch((event) -> event.getPayload(org.junit.platform.engine.TestExecutionResult.class)
				.map((result) -> result.getStatus() != org.junit.platform.engine.TestExecutionResult.Status.SUCCESSFUL)
				.orElse(false));
	}

	private static String permissions(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

	@XPipeTest
	static class MethodDirectories {

		static final List<Path> SEEN = new CopyOnWriteArrayList<>();

		static Path linkTarget;

		private Path beforeEach;

		@BeforeEach
		void remember(PipeTestDirectory directory) {
			this.beforeEach = directory.path();
		}

		@Test
		void first(PipeTestDirectory directory) throws Exception {
			use(directory);
		}

		@Test
		void second(PipeTestDirectory directory) throws Exception {
			use(directory);
		}

		private void use(PipeTestDirectory directory) throws Exception {
			assertThat(directory.path()).isEqualTo(this.beforeEach).isDirectory();
			assertThat(permissions(directory.path())).isEqualTo(OWNER_ONLY);
			SEEN.add(directory.path());
			// left behind on purpose: a FIFO still open, a file, a directory and a link leading out
			NamedPipe pipe = directory.pipe("left-behind").create();
			new ReadPipeEnd(pipe, new LengthCrc32Codec()).open();
			Files.writeString(Files.createDirectory(directory.resolve("sub")).resolve("file"), "x");
			Files.createSymbolicLink(directory.resolve("link"), linkTarget);
		}

	}

	@XPipeTest
	static class ClassDirectory {

		static final List<Path> SEEN = new CopyOnWriteArrayList<>();

		static PipeTestDirectory shared;

		@BeforeAll
		static void start(PipeTestDirectory directory) {
			shared = directory;
			SEEN.add(directory.path());
		}

		@Test
		void one(PipeTestDirectory directory) {
			assertThat(directory).isSameAs(shared);
			assertThat(directory.exists()).isTrue();
			SEEN.add(directory.path());
		}

		@Test
		void two(PipeTestDirectory directory) {
			assertThat(directory).isSameAs(shared);
			SEEN.add(directory.path());
		}

		@AfterAll
		static void end(PipeTestDirectory directory) {
			assertThat(directory).isSameAs(shared);
			assertThat(directory.exists()).isTrue();
		}

	}

}
