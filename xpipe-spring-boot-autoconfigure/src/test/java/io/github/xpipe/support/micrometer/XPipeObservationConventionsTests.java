package io.github.xpipe.support.micrometer;

import java.util.Arrays;

import io.micrometer.common.KeyValue;
import io.micrometer.common.docs.KeyName;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** The default conventions of the {@code xpipe.listener} and {@code xpipe.template} observations. */
class XPipeObservationConventionsTests {

	@Test
	void listenerConventionKeysTheMessageAsSpringKafkaDoes() {
		PipeListenerObservationContext context = new PipeListenerObservationContext(new GenericMessage<>(new byte[2]),
				"orders", "base64", "audit");
		DefaultPipeListenerObservationConvention convention = DefaultPipeListenerObservationConvention.INSTANCE;
		assertThat(convention.supportsContext(context)).isTrue();
		assertThat(convention.getName()).isEqualTo("xpipe.listener");
		assertThat(convention.getContextualName(context)).isEqualTo("orders process");
		assertThat(convention.getLowCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("xpipe.listener.id", "audit"), KeyValue.of("messaging.system", "xpipe"),
				KeyValue.of("messaging.operation", "process"), KeyValue.of("messaging.source.name", "orders"),
				KeyValue.of("messaging.source.kind", "pipe"), KeyValue.of("xpipe.framing", "base64"));
		assertThat(convention.getHighCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("messaging.message.body.size", "2"));
		assertThat(context.getRemoteServiceName()).isEqualTo("xpipe");
	}

	@Test
	void templateConventionKeysTheMessageAsSpringKafkaDoes() {
		PipeTemplateObservationContext context = new PipeTemplateObservationContext(new byte[3], "receipts",
				"length-crc32");
		DefaultPipeTemplateObservationConvention convention = DefaultPipeTemplateObservationConvention.INSTANCE;
		assertThat(convention.supportsContext(context)).isTrue();
		assertThat(convention.supportsContext(new PipeListenerObservationContext(new GenericMessage<>(new byte[0]),
				"receipts", "length-crc32", "x"))).isFalse();
		assertThat(convention.getName()).isEqualTo("xpipe.template");
		assertThat(convention.getContextualName(context)).isEqualTo("receipts send");
		assertThat(convention.getLowCardinalityKeyValues(context)).containsExactlyInAnyOrder(
				KeyValue.of("messaging.system", "xpipe"), KeyValue.of("messaging.operation", "publish"),
				KeyValue.of("messaging.destination.name", "receipts"), KeyValue.of("messaging.destination.kind", "pipe"),
				KeyValue.of("xpipe.framing", "length-crc32"));
		assertThat(convention.getHighCardinalityKeyValues(context))
			.containsExactly(KeyValue.of("messaging.message.body.size", "3"));
	}

	@Test
	void documentedKeysAreTheConventionsKeys() {
		PipeListenerObservationContext listener = new PipeListenerObservationContext(new GenericMessage<>(new byte[0]),
				"orders", "base64", "audit");
		assertThat(keys(XPipeObservation.LISTENER_OBSERVATION.getLowCardinalityKeyNames())).containsExactlyInAnyOrderElementsOf(
				DefaultPipeListenerObservationConvention.INSTANCE.getLowCardinalityKeyValues(listener)
					.stream()
					.map(KeyValue::getKey)
					.toList());
		PipeTemplateObservationContext template = new PipeTemplateObservationContext(new byte[0], "receipts", "base64");
		assertThat(keys(XPipeObservation.TEMPLATE_OBSERVATION.getLowCardinalityKeyNames())).containsExactlyInAnyOrderElementsOf(
				DefaultPipeTemplateObservationConvention.INSTANCE.getLowCardinalityKeyValues(template)
					.stream()
					.map(KeyValue::getKey)
					.toList());
		assertThat(keys(XPipeObservation.TEMPLATE_OBSERVATION.getHighCardinalityKeyNames()))
			.containsExactly("messaging.message.body.size");
		assertThat(XPipeObservation.LISTENER_OBSERVATION.getDefaultConvention())
			.isEqualTo(DefaultPipeListenerObservationConvention.class);
		assertThat(XPipeObservation.TEMPLATE_OBSERVATION.getDefaultConvention())
			.isEqualTo(DefaultPipeTemplateObservationConvention.class);
	}

	private static String[] keys(KeyName[] names) {
		return Arrays.stream(names).map(KeyName::asString).toArray(String[]::new);
	}

}
