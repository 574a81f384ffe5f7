package io.github.xpipe.autoconfigure;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.PipeDirection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding of every {@code xpipe.*} property, its default, its validation, and its metadata. */
class XPipePropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void defaults() {
		this.contextRunner.withPropertyValues("xpipe.pipes.orders.path=orders").run((context) -> {
			XPipeProperties properties = context.getBean(XPipeProperties.class);
			assertThat(properties.getBaseDir()).isNull();
			assertThat(properties.getListener().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.getListener().getConcurrency()).isEqualTo(1);
			assertThat(properties.getListener().isAutoStartup()).isTrue();
			PipeProperties pipe = properties.getPipes().get("orders");
			assertThat(pipe.getDirection()).isEqualTo(PipeDirection.INBOUND);
			assertThat(pipe.isCreate()).isTrue();
			assertThat(pipe.getFraming()).isEqualTo(Framing.LENGTH_CRC32);
			// unset: the peer preset's or xpipe's default applies (see PipeDefinitionsTests)
			assertThat(pipe.getPeer()).isNull();
			assertThat(pipe.getByteOrder()).isNull();
			assertThat(pipe.getReadByteOrder()).isEqualTo(LengthCrc32Codec.ReadByteOrder.DETECT);
			assertThat(pipe.isCrc()).isTrue();
			assertThat(pipe.getCrcCheck()).isNull();
			assertThat(pipe.getMaxMessageSize()).isEqualTo(DataSize.ofMegabytes(16));
			assertThat(pipe.getPermissions()).isEqualTo("rw-------");
			assertThat(pipe.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(pipe.getCharset()).isNull();
			assertThat(pipe.getCapacity()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(pipe.isSingleWriter()).isFalse();
			assertThat(pipe.getMaxInstances()).isEqualTo(-1);
			assertThat(pipe.getSecurityDescriptor()).isNull();
		});
	}

	@Test
	void everyPropertyBinds() {
		this.contextRunner
			.withPropertyValues("xpipe.base-dir=/var/run/app", "xpipe.listener.shutdown-timeout=3s",
					"xpipe.listener.concurrency=4", "xpipe.listener.auto-startup=false",
					"xpipe.pipes.orders.path=/tmp/elsewhere/orders", "xpipe.pipes.orders.direction=outbound",
					"xpipe.pipes.orders.create=false", "xpipe.pipes.orders.framing=base64",
					"xpipe.pipes.orders.byte-order=big-endian", "xpipe.pipes.orders.crc=false",
					"xpipe.pipes.orders.max-message-size=64KB", "xpipe.pipes.orders.permissions=rw-rw----",
					"xpipe.pipes.orders.connect-timeout=250ms", "xpipe.pipes.orders.charset=ISO-8859-1",
					"xpipe.pipes.orders.capacity=256KB", "xpipe.pipes.orders.single-writer=true",
					"xpipe.pipes.orders.max-instances=4", "xpipe.pipes.orders.security-descriptor=D:P(A;;GA;;;SY)",
					"xpipe.pipes.orders.peer=npipes", "xpipe.pipes.orders.read-byte-order=pinned",
					"xpipe.pipes.orders.crc-check=strict")
			.run((context) -> {
				XPipeProperties properties = context.getBean(XPipeProperties.class);
				assertThat(properties.getBaseDir()).isEqualTo(Path.of("/var/run/app"));
				assertThat(properties.getListener().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getListener().getConcurrency()).isEqualTo(4);
				assertThat(properties.getListener().isAutoStartup()).isFalse();
				PipeProperties pipe = properties.getPipes().get("orders");
				assertThat(pipe.getPath()).isEqualTo("/tmp/elsewhere/orders");
				assertThat(pipe.getDirection()).isEqualTo(PipeDirection.OUTBOUND);
				assertThat(pipe.isCreate()).isFalse();
				assertThat(pipe.getFraming()).isEqualTo(Framing.BASE64);
				assertThat(pipe.getByteOrder()).isEqualTo(XPipeProperties.Endianness.BIG_ENDIAN);
				assertThat(pipe.isCrc()).isFalse();
				assertThat(pipe.getMaxMessageSize()).isEqualTo(DataSize.ofKilobytes(64));
				assertThat(pipe.getPermissions()).isEqualTo("rw-rw----");
				assertThat(pipe.getConnectTimeout()).isEqualTo(Duration.ofMillis(250));
				assertThat(pipe.getCharset()).isEqualTo(StandardCharsets.ISO_8859_1);
				assertThat(pipe.getCapacity()).isEqualTo(DataSize.ofKilobytes(256));
				assertThat(pipe.isSingleWriter()).isTrue();
				assertThat(pipe.getMaxInstances()).isEqualTo(4);
				assertThat(pipe.getSecurityDescriptor()).isEqualTo("D:P(A;;GA;;;SY)");
				assertThat(pipe.getPeer()).isEqualTo(XPipeProperties.Peer.NPIPES);
				assertThat(pipe.getReadByteOrder()).isEqualTo(LengthCrc32Codec.ReadByteOrder.PINNED);
				assertThat(pipe.getCrcCheck()).isEqualTo(LengthCrc32Codec.CrcCheck.STRICT);
			});
	}

	@Test
	void pipesKeepDeclarationOrder() {
		this.contextRunner
			.withPropertyValues("xpipe.pipes.zeta.direction=inbound", "xpipe.pipes.alpha.direction=outbound",
					"xpipe.pipes.mid.direction=inbound")
			.run((context) -> assertThat(context.getBean(XPipeProperties.class).getPipes().keySet())
				.containsExactly("zeta", "alpha", "mid"));
	}

	@Test
	void invalidPermissionsFailWithTheProperty() {
		assertBindFailure("xpipe.pipes.orders.permissions=rwx", "xpipe.pipes.orders.permissions", "rw-------");
	}

	@Test
	void zeroMaxInstancesFailsWithTheProperty() {
		assertBindFailure("xpipe.pipes.orders.max-instances=0", "xpipe.pipes.orders.max-instances", "-1 for unlimited");
	}

	@Test
	void securityDescriptorThatIsNotSddlFailsWithTheProperty() {
		assertBindFailure("xpipe.pipes.orders.security-descriptor=everyone", "xpipe.pipes.orders.security-descriptor",
				"SDDL");
	}

	@Test
	void unknownFramingFailsWithTheProperty() {
		assertBindFailure("xpipe.pipes.orders.framing=json", "xpipe.pipes.orders.framing", "Framing");
	}

	@Test
	void unknownDirectionFailsWithTheProperty() {
		assertBindFailure("xpipe.pipes.orders.direction=both", "xpipe.pipes.orders.direction", "PipeDirection");
	}

	@Test
	void tooLargeMaxMessageSizeFails() {
		assertBindFailure("xpipe.pipes.orders.max-message-size=4GB", "xpipe.pipes.orders.max-message-size", "2047MB");
	}

	@Test
	void zeroMaxMessageSizeFails() {
		assertBindFailure("xpipe.pipes.orders.max-message-size=0", "xpipe.pipes.orders.max-message-size", "1B");
	}

	@Test
	void negativeConnectTimeoutFails() {
		assertBindFailure("xpipe.pipes.orders.connect-timeout=-1s", "xpipe.pipes.orders.connect-timeout", "negative");
	}

	@Test
	void zeroConcurrencyFails() {
		assertBindFailure("xpipe.listener.concurrency=0", "xpipe.listener.concurrency", "at least 1");
	}

	@Test
	void generatedMetadataDescribesEveryPropertyWithItsDefault() throws Exception {
		JsonNode metadata = readMetadata("META-INF/spring-configuration-metadata.json");
		Map<String, JsonNode> properties = byName(metadata.get("properties"));
		assertThat(properties).containsKeys("xpipe.base-dir", "xpipe.pipes", "xpipe.listener.shutdown-timeout",
				"xpipe.listener.concurrency", "xpipe.listener.auto-startup");
		properties.forEach((name, property) -> assertThat(property.path("description").asString())
			.as("description of %s", name).isNotBlank());
		assertThat(properties.get("xpipe.listener.shutdown-timeout").get("defaultValue").asString()).isEqualTo("10s");
	}

	@Test
	void metadataDescribesEveryPipePropertyAndHintsItsEnumeratedValues() throws Exception {
		JsonNode metadata = readMetadata("META-INF/spring-configuration-metadata.json");
		Map<String, JsonNode> properties = byName(metadata.get("properties"));
		Set<String> pipeProperties = Arrays.stream(PipeProperties.class.getDeclaredFields())
			.filter((field) -> !Modifier.isStatic(field.getModifiers()))
			.map(Field::getName)
			.map((name) -> "xpipe.pipes.*." + name.replaceAll("([A-Z])", "-$1").toLowerCase())
			.collect(Collectors.toSet());
		assertThat(properties.keySet()).containsAll(pipeProperties);
		for (String name : pipeProperties) {
			assertThat(properties.get(name).path("description").asString()).as("description of %s", name).isNotBlank();
		}
		Map<String, JsonNode> hints = byName(metadata.get("hints"));
		assertThat(values(hints.get("xpipe.pipes.*.framing"))).containsExactlyInAnyOrder(
				Arrays.stream(Framing.values()).map(Framing::id).toArray(String[]::new));
		assertThat(values(hints.get("xpipe.pipes.*.direction"))).containsExactlyInAnyOrder("inbound", "outbound");
		assertThat(values(hints.get("xpipe.pipes.*.byte-order"))).containsExactlyInAnyOrder("little-endian", "big-endian");
	}

	private void assertBindFailure(String property, String name, String reason) {
		this.contextRunner.withPropertyValues("xpipe.pipes.orders.direction=inbound", property).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isNotNull();
			String messages = causes(context.getStartupFailure());
			int leaf = name.lastIndexOf('.');
			assertThat(messages).contains(reason)
				.satisfiesAnyOf((text) -> assertThat(text).contains("'" + name + "'"),
						(text) -> assertThat(text).contains("'" + name.substring(0, leaf) + "'")
							.contains("property " + name.substring(leaf + 1)));
		});
	}

	private static String causes(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static JsonNode readMetadata(String resource) throws Exception {
		try (InputStream input = XPipePropertiesTests.class.getClassLoader().getResourceAsStream(resource)) {
			assertThat(input).as(resource).isNotNull();
			return JsonMapper.builder().build().readTree(input);
		}
	}

	private static Map<String, JsonNode> byName(JsonNode items) {
		return items.valueStream().collect(Collectors.toMap((item) -> item.get("name").asString(), (item) -> item));
	}

	private static List<String> values(JsonNode hint) {
		assertThat(hint).isNotNull();
		return hint.get("values").valueStream().map((value) -> value.get("value").asString()).toList();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(XPipeProperties.class)
	static class PropertiesConfiguration {

	}

}
