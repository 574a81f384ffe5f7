package io.github.xpipe.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the properties table of docs/configuration.md in sync with the configuration metadata: every
 * xpipe property has a row with its default, and no row names a property that does not exist.
 */
class XPipePropertiesDocumentationTests {

	private static final Path GUIDE = Path.of("../docs/configuration.md");

	private static final String SECTION = "# Configuration properties";

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.<>-]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);

	@Test
	void everyPropertyIsDocumentedWithItsDefault() throws Exception {
		Map<String, String> documented = documentedDefaults();
		Map<String, JsonNode> properties = xpipeProperties();
		assertThat(properties).containsKeys("xpipe.base-dir", "xpipe.pipes.*.framing", "management.health.xpipe.enabled");
		for (Map.Entry<String, JsonNode> property : properties.entrySet()) {
			String name = property.getKey().replace("*", "<name>");
			assertThat(documented).as("row of %s in %s", name, GUIDE).containsKey(name);
			JsonNode defaultValue = property.getValue().get("defaultValue");
			if (defaultValue != null) {
				assertThat(documented.get(name)).as("documented default of %s", name)
					.isEqualTo("`" + defaultValue.asString() + "`");
			}
		}
	}

	@Test
	void everyDocumentedXPipePropertyExists() throws Exception {
		Map<String, JsonNode> properties = xpipeProperties();
		for (String name : documentedDefaults().keySet()) {
			if (name.startsWith("xpipe.") || name.equals("management.health.xpipe.enabled")) {
				assertThat(properties).as("metadata of the documented %s", name).containsKey(name.replace("<name>", "*"));
			}
		}
	}

	private static Map<String, String> documentedDefaults() throws Exception {
		assertThat(GUIDE).as("the README").isRegularFile();
		Map<String, String> rows = new LinkedHashMap<>();
		String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
		int start = guide.indexOf(SECTION);
		assertThat(start).as("section '%s' of %s", SECTION, GUIDE).isNotNegative();
		int end = guide.indexOf("\n## ", start + SECTION.length());
		Matcher row = ROW.matcher(guide.substring(start, (end >= 0) ? end : guide.length()));
		while (row.find()) {
			rows.put(row.group(1), row.group(2).trim());
		}
		return rows;
	}

	/** The xpipe properties of the generated metadata, maps left out (their entries are the properties). */
	private static Map<String, JsonNode> xpipeProperties() throws Exception {
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		List<URL> metadata = new ArrayList<>(Collections.list(
				XPipePropertiesDocumentationTests.class.getClassLoader()
					.getResources("META-INF/spring-configuration-metadata.json")));
		for (URL url : metadata) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
					String name = property.get("name").asString();
					boolean ours = name.startsWith("xpipe.") || name.equals("management.health.xpipe.enabled");
					if (ours && !property.path("type").asString("").startsWith("java.util.Map")) {
						properties.put(name, property);
					}
				}
			}
		}
		return properties;
	}

}
