package io.github.xpipe.stream.binder;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code Function<String, String>} bound to an input and an output pipe, driven by a plain writer
 * and reader in each framing: the pipes are provisioned owner-only FIFOs in xpipe's base directory,
 * the frames carry the payloads alone, and the FIFOs are removed when the application stops.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeFunctionBindingTests {

	@TempDir
	Path temp;

	@ParameterizedTest
	@EnumSource(Framing.class)
	void functionAnswersEachMessageOnItsOutputPipe(Framing framing) throws Exception {
		Path pipes = this.temp.resolve("pipes");
		Path words = pipes.resolve("words");
		Path shouts = pipes.resolve("shouts");
		String framingId = framing.id();
		FrameCodec codec = (framing == Framing.BASE64) ? new Base64Codec()
				: LengthCrc32Codec.builder().byteOrder(ByteOrder.BIG_ENDIAN).build();
		try (ConfigurableApplicationContext context = BinderApps.start(UppercaseApp.class, pipes,
				"spring.cloud.function.definition=uppercase",
				"spring.cloud.stream.bindings.uppercase-in-0.destination=words",
				"spring.cloud.stream.bindings.uppercase-in-0.content-type=text/plain",
				"spring.cloud.stream.bindings.uppercase-out-0.destination=shouts",
				// Spring Cloud Stream's default, application/json, would write "HELLO" with its quotes
				"spring.cloud.stream.bindings.uppercase-out-0.content-type=text/plain",
				// the input pipe's framing per binding, the output's as the default of every producer
				"spring.cloud.stream.xpipe.bindings.uppercase-in-0.consumer.framing=" + framingId,
				"spring.cloud.stream.xpipe.default.producer.framing=" + framingId,
				"spring.cloud.stream.xpipe.default.producer.byte-order=big-endian")) {
			assertOwnerOnlyFifo(words);
			assertOwnerOnlyFifo(shouts);
			try (ReadPipeEnd reader = BinderApps.reader(shouts, codec);
					WritePipeEnd writer = BinderApps.writer(words, codec)) {
				writer.write("hello".getBytes(StandardCharsets.UTF_8));
				writer.write("pipes".getBytes(StandardCharsets.UTF_8));
				assertThat(BinderApps.read(reader)).asString(StandardCharsets.UTF_8).isEqualTo("HELLO");
				assertThat(BinderApps.read(reader)).asString(StandardCharsets.UTF_8).isEqualTo("PIPES");
			}
		}
		assertThat(words).doesNotExist();
		assertThat(shouts).doesNotExist();
	}

	private static void assertOwnerOnlyFifo(Path path) throws Exception {
		PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		assertThat(attributes.isOther()).as("%s is a FIFO", path).isTrue();
		assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path.getParent())))
			.isEqualTo("rwx------");
	}

}
