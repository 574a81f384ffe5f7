package io.github.xpipe.pipe.windows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeOptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Windows integration test opens, closed again in reverse order when it ends, and the
 * threads it runs the other side of a pipe on. Registered as an extension
 * ({@code @RegisterExtension}), it closes them after each test.
 */
final class PipeTestResources implements AutoCloseable, AfterEachCallback {

	final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<AutoCloseable> resources = new ArrayList<>();

	/** Creates a pipe that is deleted when the test ends. */
	NamedPipe created(String name, PipeOptions options) throws IOException {
		return track(NamedPipe.of(name, options).create());
	}

	/** Closes {@code resource} when the test ends. */
	synchronized <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		close();
	}

	@Override
	public synchronized void close() throws Exception {
		Collections.reverse(this.resources);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(5, TimeUnit.SECONDS)).as("test threads ended").isTrue();
	}

}
