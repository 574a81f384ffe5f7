package io.github.xpipe.integration.test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** Context runners with xpipe's auto-configuration, and the other end of the application's pipes. */
public final class IntegrationTestPipes {

	/** How long a test waits for something that should happen. */
	public static final Duration WAIT = Duration.ofSeconds(10);

	private IntegrationTestPipes() {
	}

	/** {@link XPipeAutoConfiguration} with {@code xpipe.base-dir} set and these further properties. */
	public static ApplicationContextRunner contextRunner(Path baseDir, String... properties) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
			.withPropertyValues("xpipe.base-dir=" + baseDir)
			.withPropertyValues(properties);
	}

	/** The codec of a framing id, with xpipe's defaults. */
	public static FrameCodec codec(String framing) {
		return switch (framing) {
			case "length-crc32" -> new LengthCrc32Codec();
			case "base64" -> new Base64Codec();
			default -> throw new IllegalArgumentException(framing);
		};
	}

	/** A write end of the application's pipe of this name, connected. */
	public static WritePipeEnd writer(ApplicationContext context, String pipe, FrameCodec codec) throws PipeException {
		return new WritePipeEnd(NamedPipe.of(path(context, pipe)), codec).open(WAIT);
	}

	/** A read end of the application's pipe of this name, open. */
	public static ReadPipeEnd reader(ApplicationContext context, String pipe, FrameCodec codec) throws PipeException {
		return new ReadPipeEnd(NamedPipe.of(path(context, pipe)), codec).open(WAIT);
	}

	/** The path of the application's pipe of this name. */
	public static String path(ApplicationContext context, String pipe) {
		return context.getBean(PipeRegistry.class).getPipe(pipe, "the test").getPath();
	}

	/** The UTF-8 bytes of this text. */
	public static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** This UTF-8 text. */
	public static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
