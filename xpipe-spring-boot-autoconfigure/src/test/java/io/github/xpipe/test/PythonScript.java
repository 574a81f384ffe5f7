package io.github.xpipe.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test support for the peers: a {@code python3} process running a script from
 * {@code src/test/resources/python}, with its standard output and error collected as lines.
 * @param process the running process
 * @param stdout the lines it prints, once it closed its standard output
 * @param stderr the lines it prints to standard error, likewise
 */
record PythonScript(Process process, CompletableFuture<List<String>> stdout, CompletableFuture<List<String>> stderr) {

	/** Starts {@code python3 <script> <arguments>}, the script taken from the test class path. */
	static PythonScript start(String script, List<String> arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("python3", path(script).toString()));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).start();
		return new PythonScript(process, lines(process.getInputStream()), lines(process.getErrorStream()));
	}

	private static CompletableFuture<List<String>> lines(InputStream stream) {
		BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
		return CompletableFuture.supplyAsync(() -> {
			try (reader) {
				return reader.lines().toList();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static Path path(String script) {
		URL url = PythonScript.class.getResource("/python/" + script);
		assertThat(url).as(script + " on the test class path").isNotNull();
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
