package io.github.xpipe.benchmarks;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the sample app's executable jar, which the reactor builds ({@code sample-app/target/sample-app-*.jar}):
 * the path given with {@code --sample-jar}, else next to the benchmark's own module in the source tree
 * the benchmark jar was built in, else under the working directory.
 */
public final class SampleJars {

	/** How to build the jar, for the message when it is missing. */
	public static final String HOW_TO_BUILD = "build it with ./mvnw -B -q -pl sample-app -am package -DskipTests, "
			+ "or name it with --sample-jar";

	private SampleJars() {
	}

	/** The jar, if found. */
	public static Optional<Path> find(Path given) {
		if (given != null) {
			return Files.isRegularFile(given) ? Optional.of(given.toAbsolutePath()) : Optional.empty();
		}
		for (Path directory : candidates()) {
			Optional<Path> jar = jarIn(directory);
			if (jar.isPresent()) {
				return jar;
			}
		}
		return Optional.empty();
	}

	/** Why {@link #find} found nothing. */
	public static String missing(Path given) {
		if (given != null) {
			return "the sample jar " + given + " does not exist";
		}
		return "the sample app's jar is not built (looked in " + candidates() + "): " + HOW_TO_BUILD;
	}

	private static List<Path> candidates() {
		List<Path> directories = new ArrayList<>();
		try {
			Path location = Path.of(SampleJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			// benchmarks/target/xpipe-benchmarks.jar or benchmarks/target/classes: the module's target
			Path target = location.getParent();
			if (target != null && target.getParent() != null && target.getParent().getParent() != null) {
				directories.add(target.getParent().getParent().resolve("sample-app").resolve("target").normalize());
			}
		}
		catch (URISyntaxException | SecurityException ex) {
			// no code source: only the working directory is looked at
		}
		directories.add(Path.of("sample-app", "target").toAbsolutePath());
		return directories;
	}

	private static Optional<Path> jarIn(Path directory) {
		if (!Files.isDirectory(directory)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> {
				String name = file.getFileName().toString();
				return name.startsWith("sample-app-") && name.endsWith(".jar") && !name.endsWith("-plain.jar")
						&& !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar");
			}).sorted().findFirst();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
