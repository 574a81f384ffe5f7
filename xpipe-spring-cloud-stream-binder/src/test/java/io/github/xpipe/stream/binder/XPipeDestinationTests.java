package io.github.xpipe.stream.binder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a destination names: a pipe declared under {@code xpipe.pipes} (with its declared settings),
 * or a path; and the misconfigurations that stop the application with what to change.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeDestinationTests {

	@TempDir
	Path temp;

	@Test
	void destinationIsADeclaredPipeOrAPath() throws Exception {
		Path pipes = this.temp.resolve("pipes");
		Path byPath = pipes.resolve("by-path");
		try (ConfigurableApplicationContext context = BinderApps.start(UppercaseApp.class, pipes,
				"xpipe.pipes.declared.direction=inbound", "xpipe.pipes.declared.framing=base64",
				"spring.cloud.function.definition=uppercase",
				"spring.cloud.stream.bindings.uppercase-in-0.destination=declared",
				"spring.cloud.stream.bindings.uppercase-in-0.content-type=text/plain",
				"spring.cloud.stream.bindings.uppercase-out-0.destination=" + byPath,
				"spring.cloud.stream.bindings.uppercase-out-0.content-type=text/plain");
				ReadPipeEnd reader = BinderApps.reader(byPath, new LengthCrc32Codec());
				WritePipeEnd writer = BinderApps.writer(pipes.resolve("declared"), new Base64Codec())) {
			writer.write("declared".getBytes(StandardCharsets.UTF_8));
			assertThat(BinderApps.read(reader)).asString(StandardCharsets.UTF_8).isEqualTo("DECLARED");
		}
		assertThat(byPath).doesNotExist();
	}

	@Test
	void declaredPipeOfTheOtherDirectionStopsTheApplication() {
		assertThatException().isThrownBy(() -> BinderApps.start(UppercaseApp.class, this.temp.resolve("pipes"),
				"xpipe.pipes.declared.direction=outbound", "spring.cloud.function.definition=uppercase",
				// without it, Spring Cloud Stream logs the failure and retries the binding every 30 seconds
				"spring.cloud.stream.binding-retry-interval=0",
				"spring.cloud.stream.bindings.uppercase-in-0.destination=declared",
				"spring.cloud.stream.bindings.uppercase-out-0.destination=out").close())
			.havingRootCause()
			.withMessageContaining("consumer binding 'uppercase-in-0' uses pipe 'declared', declared as "
					+ "xpipe.pipes.declared with direction outbound: set its direction to inbound");
	}

	@Test
	void onePipeAsInputAndOutputStopsTheApplication() {
		assertThatException().isThrownBy(() -> BinderApps.start(UppercaseApp.class, this.temp.resolve("pipes"),
				"spring.cloud.function.definition=uppercase", "spring.cloud.stream.binding-retry-interval=0",
				"spring.cloud.stream.bindings.uppercase-in-0.destination=loop",
				"spring.cloud.stream.bindings.uppercase-out-0.destination=loop").close())
			.havingRootCause()
			.withMessageContaining("Cannot provision pipe 'loop'")
			.withMessageContaining("direction");
	}

	@Test
	void directionOfABindingCannotBeSet() {
		assertThatException().isThrownBy(() -> BinderApps.start(UppercaseApp.class, this.temp.resolve("pipes"),
				"spring.cloud.function.definition=uppercase",
				"spring.cloud.stream.bindings.uppercase-in-0.destination=in",
				"spring.cloud.stream.xpipe.bindings.uppercase-in-0.consumer.direction=outbound",
				"spring.cloud.stream.bindings.uppercase-out-0.destination=out").close())
			.havingRootCause()
			.withMessageContaining("a consumer binding reads its pipe: remove the direction");
	}

}
