package io.github.xpipe.stream.binder;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts binder applications on pipes in a test's directory, and reads and writes those pipes. */
final class BinderApps {

	static final Duration WAIT = Duration.ofSeconds(20);

	private BinderApps() {
	}

	/** An application of this configuration, its pipes in {@code pipes}, with these properties. */
	static ConfigurableApplicationContext start(Class<?> configuration, Path pipes, String... properties) {
		List<String> all = new ArrayList<>(List.of("xpipe.base-dir=" + pipes, "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** A write end of the FIFO at this path, opened once a reader is there. */
	static WritePipeEnd writer(Path fifo, FrameCodec codec) throws PipeException {
		return new WritePipeEnd(fifo.toString(), codec).open(WAIT);
	}

	/** A read end of the FIFO at this path. */
	static ReadPipeEnd reader(Path fifo, FrameCodec codec) throws PipeException {
		return new ReadPipeEnd(fifo.toString(), codec).open(WAIT);
	}

	/** The next frame's data, failing when none comes in time. */
	static byte[] read(ReadPipeEnd reader) throws IOException {
		byte[] frame = reader.read(WAIT);
		if (frame == null) {
			throw new AssertionError("No frame on " + reader.pipe().path() + " within " + WAIT);
		}
		return frame;
	}

}
