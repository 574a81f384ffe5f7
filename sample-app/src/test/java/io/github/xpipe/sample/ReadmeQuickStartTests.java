package io.github.xpipe.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the README's quick start honest: every log line it shows is one the sample app prints
 * today, in the same order, with its base directory in place of the README's and any figure (a
 * start-up time) free to differ.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadmeQuickStartTests {

	private static final Path README = Path.of("../README.md");

	/** The README's base directory in the example, as passed with {@code --xpipe.base-dir}. */
	private static final String README_BASE_DIR = "/tmp/xpipe-demo";

	private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

	@TempDir
	Path tempDir;

	@Test
	void theLogLinesOfTheQuickStartAreWhatTheAppPrints(CapturedOutput output) throws IOException {
		List<String> documented = documentedLogLines();
		assertThat(documented).as("log lines in the README's quick start").hasSizeGreaterThanOrEqualTo(5);
		Path baseDir = this.tempDir.resolve("xpipe");
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// As when started from its own main method (here the test runner's is on the stack)
		application.setMainApplicationClass(SampleApplication.class);
		try (ConfigurableApplicationContext app = application.run("--xpipe.base-dir=" + baseDir, "--server.port=0",
				"--spring.main.banner-mode=off")) {
			assertThat(app.isRunning()).isTrue();
		}
		String printed = output.getOut();
		int from = 0;
		for (String line : documented) {
			Pattern pattern = asPattern(line.replace(README_BASE_DIR, baseDir.toString()));
			var match = pattern.matcher(printed);
			assertThat(match.find(from)).as("the app prints a line ending in%n  %s%nafter what the README shows "
					+ "before it; it printed:%n%s", line, printed).isTrue();
			from = match.end();
		}
	}

	/** The lines of the first code block after the quick start's "says where they are" paragraph. */
	private static List<String> documentedLogLines() throws IOException {
		String readme = Files.readString(README, StandardCharsets.UTF_8);
		int section = readme.indexOf("## Quick start");
		assertThat(section).as("the README's quick start").isNotNegative();
		int intro = readme.indexOf("how to reach them", section);
		int start = readme.indexOf("```\n", intro) + 4;
		int end = readme.indexOf("```", start);
		List<String> lines = new ArrayList<>();
		for (String line : readme.substring(start, end).split("\n")) {
			if (!line.isBlank()) {
				lines.add(line);
			}
		}
		return lines;
	}

	/** A line's text, with any number standing for any number, at the end of a printed line. */
	private static Pattern asPattern(String line) {
		StringBuilder regex = new StringBuilder();
		var numbers = NUMBER.matcher(line);
		int last = 0;
		while (numbers.find()) {
			regex.append(Pattern.quote(line.substring(last, numbers.start()))).append("\\d+(\\.\\d+)?");
			last = numbers.end();
		}
		regex.append(Pattern.quote(line.substring(last))).append("\\R");
		return Pattern.compile(regex.toString());
	}

}
