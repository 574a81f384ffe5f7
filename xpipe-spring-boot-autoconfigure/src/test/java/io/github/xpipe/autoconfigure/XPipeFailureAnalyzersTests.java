package io.github.xpipe.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.core.PipeDirectionException;
import io.github.xpipe.core.PipeDirectoryNotWritableException;
import io.github.xpipe.core.UnknownPipeException;
import io.github.xpipe.pipe.UnsafePipePathException;
import io.github.xpipe.test.XPipeContextRunners;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Misconfiguration fails at startup, and each failure analyzer says what to change. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeFailureAnalyzersTests {

	@TempDir
	Path baseDir;

	private ApplicationContextRunner contextRunner() {
		return XPipeContextRunners.withBaseDir(this.baseDir, "xpipe.pipes.inbox.direction=inbound",
					"xpipe.pipes.outbox.direction=outbound");
	}

	@Test
	void analyzersAreRegistered() {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, null, FailureHandler.logging(LogFactory.getLog(getClass())));
		assertThat(analyzers).hasAtLeastOneElementOfType(UnknownPipeFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(PipeDirectionFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(UnsafePipePathFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(PipeDirectoryNotWritableFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(PipesChangedSinceAotProcessingFailureAnalyzer.class);
	}

	@Test
	void listenerOnAnUndeclaredPipeListsTheDeclaredOnes() {
		contextRunner().withUserConfiguration(UnknownPipeListener.class).run((context) -> {
			assertThat(context).getFailure().isInstanceOf(UnknownPipeException.class);
			FailureAnalysis analysis = new UnknownPipeFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription())
				.contains("Pipe 'orderz' named by @PipeListener on UnknownPipeListener.on(byte[]) is not declared")
				.contains("Declared pipes: inbox, outbox");
			assertThat(analysis.getAction()).contains("xpipe.pipes.orderz.direction=inbound");
		});
	}

	@Test
	void sendToAnUndeclaredPipeListsTheDeclaredOnes() {
		contextRunner().withUserConfiguration(UnknownReplyListener.class).run((context) -> {
			FailureAnalysis analysis = new UnknownPipeFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("Pipe 'nowhere' named by @SendTo of @PipeListener on "
					+ "UnknownReplyListener.on(String)").contains("Declared pipes: inbox, outbox");
			assertThat(analysis.getAction()).contains("xpipe.pipes.nowhere.direction=outbound");
		});
	}

	@Test
	void listenerOnAnOutboundPipeSaysToMakeItInbound() {
		contextRunner().withUserConfiguration(OutboundListener.class).run((context) -> {
			assertThat(context).getFailure().isInstanceOf(PipeDirectionException.class);
			FailureAnalysis analysis = new PipeDirectionFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Pipe 'outbox' is declared outbound")
				.contains("@PipeListener on OutboundListener.on(String)");
			assertThat(analysis.getAction()).contains("xpipe.pipes.outbox.direction=inbound");
		});
	}

	@Test
	void sendToAnInboundPipeSaysToMakeItOutbound() {
		contextRunner().withUserConfiguration(InboundReplyListener.class)
			.withPropertyValues("xpipe.pipes.other.direction=inbound")
			.run((context) -> {
				FailureAnalysis analysis = new PipeDirectionFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Pipe 'other' is declared inbound");
				assertThat(analysis.getAction()).contains("xpipe.pipes.other.direction=outbound");
			});
	}

	@Test
	void existingRegularFileAtThePathIsRefusedAndLeftUntouched() throws Exception {
		Path inbox = this.baseDir.resolve("inbox");
		Files.writeString(inbox, "not a pipe");
		contextRunner().run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new UnsafePipePathFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("Pipe 'inbox' at " + inbox + " cannot be used safely")
				.contains("Nothing at that path was changed");
			assertThat(analysis.getAction()).contains("xpipe.pipes.inbox.path").contains("xpipe.base-dir");
		});
		assertThat(Files.readString(inbox, StandardCharsets.UTF_8)).isEqualTo("not a pipe");
	}

	@Test
	void symlinkAtThePathIsRefused() throws Exception {
		Path target = Files.writeString(this.baseDir.resolve("target"), "target");
		Files.createSymbolicLink(this.baseDir.resolve("inbox"), target);
		contextRunner().run((context) -> {
			assertThat(context).getFailure().hasRootCauseInstanceOf(UnsafePipePathException.class);
			assertThat(new UnsafePipePathFailureAnalyzer().analyze(context.getStartupFailure())).isNotNull();
		});
		assertThat(Files.isSymbolicLink(this.baseDir.resolve("inbox"))).isTrue();
	}

	@Test
	void baseDirectoryBelowADirectoryOthersCanWriteToSaysWhichAndWhatToChange() throws Exception {
		Path open = Files.createDirectory(this.baseDir.resolve("open"));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
		contextRunner().withPropertyValues("xpipe.base-dir=" + open.resolve("xpipe")).run((context) -> {
			assertThat(context).getFailure().hasRootCauseInstanceOf(UnsafePipePathException.class);
			FailureAnalysis analysis = new UnsafePipePathFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("the directory " + open.toRealPath() + " above it is "
					+ "writable by group or others").contains("chmod go-w " + open.toRealPath());
			assertThat(analysis.getAction()).contains("sticky bit").contains("xpipe.base-dir")
				.contains("xpipe.pipes.inbox.path");
		});
		assertThat(open.resolve("xpipe")).as("nothing made below it").doesNotExist();
	}

	@Test
	void unwritableBaseDirectorySaysWhichDirectoryAndWhatToSet() throws Exception {
		Path directory = unwritableDirectory();
		contextRunner().withPropertyValues("xpipe.base-dir=" + directory.resolve("xpipe")).run((context) -> {
			assertThat(context).getFailure().rootCause().isInstanceOf(PipeDirectoryNotWritableException.class);
			FailureAnalysis analysis = new PipeDirectoryNotWritableFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("Pipe 'inbox' cannot be created")
				.contains("directory " + directory + " is not writable");
			assertThat(analysis.getAction()).contains("xpipe.base-dir").contains("xpipe.pipes.inbox.path");
		});
	}

	private Path unwritableDirectory() throws Exception {
		Path readOnly = Files.createDirectory(this.baseDir.resolve("read-only"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-x------")));
		if (!Files.isWritable(readOnly)) {
			return readOnly;
		}
		// The superuser may write anywhere but on a read-only file system.
		Path readOnlyMount = Path.of("/proc/sys");
		assumeTrue(Files.isDirectory(readOnlyMount) && !Files.isWritable(readOnlyMount),
				"needs a directory this user cannot write");
		return readOnlyMount;
	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownPipeListener {

		@PipeListener("orderz")
		void on(byte[] payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownReplyListener {

		@PipeListener("inbox")
		@SendTo("nowhere")
		String on(String payload) {
			return payload;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OutboundListener {

		@PipeListener("outbox")
		void on(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InboundReplyListener {

		@PipeListener("inbox")
		@SendTo("other")
		String on(String payload) {
			return payload;
		}

	}

}
