package io.github.xpipe.stream.binder.properties;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.beans.PropertyAccessorFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the metadata of the binding properties in step with the classes: every settable property
 * of a consumer's and a producer's settings is described, per binding and as every binding's
 * default, and every described property exists.
 */
class XPipeBindingPropertiesMetadataTests {

	/** Settings that mean nothing to one side, left out of its metadata (they still bind). */
	private static final Map<String, Set<String>> NOT_DESCRIBED = Map.of("consumer",
			Set.of("direction", "send-mode", "single-writer"), "producer",
			Set.of("direction", "read-byte-order", "crc-check", "max-instances"));

	@Test
	void everyBindingPropertyIsDescribed() throws Exception {
		Map<String, JsonNode> described = describedProperties();
		check(described, "consumer", new XPipeConsumerProperties());
		check(described, "producer", new XPipeProducerProperties());
	}

	private static void check(Map<String, JsonNode> described, String side, Object settings) {
		BeanWrapperImpl wrapper = (BeanWrapperImpl) PropertyAccessorFactory.forBeanPropertyAccess(settings);
		int settable = 0;
		for (var descriptor : wrapper.getPropertyDescriptors()) {
			if (descriptor.getWriteMethod() == null) {
				continue;
			}
			String name = kebab(descriptor.getName());
			if (NOT_DESCRIBED.get(side).contains(name)) {
				continue;
			}
			settable++;
			for (String prefix : new String[] { "spring.cloud.stream.xpipe.bindings.*.", "spring.cloud.stream.xpipe.default." }) {
				JsonNode property = described.get(prefix + side + "." + name);
				assertThat(property).as("metadata of %s%s.%s", prefix, side, name).isNotNull();
				assertThat(property.get("description").asString()).as("description of %s", name).isNotBlank();
			}
		}
		assertThat(settable).isGreaterThan(10);
		for (String name : described.keySet()) {
			String property = name.substring(name.lastIndexOf('.') + 1);
			if (name.contains("." + side + ".")) {
				assertThat(wrapper.isWritableProperty(camel(property))).as("%s exists", name).isTrue();
			}
		}
	}

	private static Map<String, JsonNode> describedProperties() throws Exception {
		Map<String, JsonNode> described = new LinkedHashMap<>();
		for (URL url : Collections.list(XPipeBindingPropertiesMetadataTests.class.getClassLoader()
			.getResources("META-INF/additional-spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
					String name = property.get("name").asString();
					if (name.startsWith("spring.cloud.stream.xpipe.")) {
						described.put(name, property);
					}
				}
			}
		}
		assertThat(described).isNotEmpty();
		return described;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

	private static String camel(String kebab) {
		StringBuilder out = new StringBuilder();
		boolean upper = false;
		for (char c : kebab.toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				out.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return out.toString();
	}

}
