package io.github.xpipe.support.micrometer;

import io.micrometer.common.KeyValue;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;

/** The default conventions of the {@code xpipe.listener} and {@code xpipe.template} observations. */
class XPipeObservationConventionsTests {

	@Test
	void listenerConventionTagsPipeFramingAndOutcome() {
		PipeListenerObservationContext context = new PipeListenerObservationContext(new GenericMessage<>(new byte[2]),
				"orders", "base64", "audit");
		DefaultPipeListenerObservationConvention convention = DefaultPipeListenerObservationConvention.INSTANCE;
		assertThat(convention.supportsContext(context)).isTrue();
		assertThat(convention.getName()).isEqualTo("xpipe.listener");
		assertThat(convention.getContextualName(context)).isEqualTo("orders receive");
		assertThat(convention.getLowCardinalityKeyValues(context)).containsExactly(KeyValue.of("framing", "base64"),
				KeyValue.of("outcome", "success"), KeyValue.of("pipe", "orders"));
		context.setError(new IllegalStateException());
		assertThat(convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("outcome", "failure"));
		assertThat(context.getCarrier().getPayload()).hasSize(2);
	}

	@Test
	void templateConventionTagsPipeFramingAndOutcome() {
		PipeTemplateObservationContext context = new PipeTemplateObservationContext(new byte[3], "receipts",
				"length-crc32");
		DefaultPipeTemplateObservationConvention convention = DefaultPipeTemplateObservationConvention.INSTANCE;
		assertThat(convention.supportsContext(context)).isTrue();
		assertThat(convention.supportsContext(new PipeListenerObservationContext(new GenericMessage<>(new byte[0]),
				"receipts", "length-crc32", "x"))).isFalse();
		assertThat(convention.getName()).isEqualTo("xpipe.template");
		assertThat(convention.getContextualName(context)).isEqualTo("receipts send");
		assertThat(convention.getLowCardinalityKeyValues(context)).containsExactly(
				KeyValue.of("framing", "length-crc32"), KeyValue.of("outcome", "success"), KeyValue.of("pipe", "receipts"));
		context.setError(new IllegalStateException());
		assertThat(convention.getLowCardinalityKeyValues(context)).contains(KeyValue.of("outcome", "failure"));
	}

	@Test
	void documentedKeysAreTheConventionsKeys() {
		assertThat(XPipeObservation.LISTENER_OBSERVATION.getLowCardinalityKeyNames())
			.extracting((key) -> key.asString())
			.containsExactly("pipe", "framing", "outcome");
		assertThat(XPipeObservation.TEMPLATE_OBSERVATION.getDefaultConvention())
			.isEqualTo(DefaultPipeTemplateObservationConvention.class);
	}

}
