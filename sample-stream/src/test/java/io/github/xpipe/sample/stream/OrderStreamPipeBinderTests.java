package io.github.xpipe.sample.stream;

import java.io.IOException;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.test.XPipeTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream sample on xpipe's binder: {@code *PipeBinderTests} run with the xpipe binder on the
 * classpath and not the Kafka one (see the module's pom), and the {@code pipes} profile names the
 * pipes, which the application creates in a private directory ({@link XPipeTest}). The peer is the
 * one of {@link OrderStreamPipePeerTests}.
 */
@SpringBootTest
@ActiveProfiles("pipes")
@XPipeTest
@DisabledOnOs(OS.WINDOWS)
class OrderStreamPipeBinderTests extends OrderStreamPipePeerTests {

	@Autowired
	PipeRegistry pipes;

	@BeforeAll
	void connectPeer() throws IOException {
		connect();
	}

	@Override
	protected String path(String destination) {
		ManagedPipe pipe = this.pipes.findPipe(destination);
		assertThat(pipe).as("the pipe of destination '%s'", destination).isNotNull();
		return pipe.getPath();
	}

}
