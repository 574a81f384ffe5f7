package io.github.xpipe.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the real {@link SampleApplication} in this JVM, configured on its command line as a user
 * would.
 */
final class SampleApplications {

	private SampleApplications() {
	}

	/**
	 * Starts the sample with its pipes in {@code baseDir} ({@code --xpipe.base-dir}), its HTTP server
	 * on a free port ({@code --server.port=0}) and these further command-line arguments; the caller
	 * closes it.
	 */
	static ConfigurableApplicationContext start(Path baseDir, List<String> arguments) {
		List<String> args = new ArrayList<>(
				List.of("--xpipe.base-dir=" + baseDir, "--server.port=0", "--spring.main.banner-mode=off"));
		args.addAll(arguments);
		return SpringApplication.run(SampleApplication.class, args.toArray(String[]::new));
	}

}
