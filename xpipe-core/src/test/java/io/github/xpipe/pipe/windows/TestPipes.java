package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;

/** Helpers shared by the Windows tests. */
final class TestPipes {

	private static final AtomicInteger counter = new AtomicInteger();

	private TestPipes() {
	}

	/** A pipe name no other test (or test run) uses. */
	static String uniqueName(String purpose) {
		return "xpipe-test-" + purpose + "-" + ProcessHandle.current().pid() + "-" + counter.incrementAndGet();
	}

	static PipeOptions inbound() {
		return PipeOptions.defaults().withDirection(PipeDirection.INBOUND);
	}

	static PipeOptions outbound() {
		return PipeOptions.defaults().withDirection(PipeDirection.OUTBOUND);
	}

	/** {@code shared/interop/vectors.json} in the working directory or its nearest ancestor holding it. */
	static String vectorsJson() throws IOException {
		Path relative = Path.of("shared", "interop", "vectors.json");
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve(relative);
			if (Files.isRegularFile(candidate)) {
				return Files.readString(candidate);
			}
		}
		throw new IllegalStateException("Interop vectors not found: no " + relative + " in the working directory "
				+ "or any parent; they live in ../shared/interop/vectors.json relative to the project root");
	}

}
