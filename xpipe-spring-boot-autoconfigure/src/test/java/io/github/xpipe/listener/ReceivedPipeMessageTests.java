package io.github.xpipe.listener;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;

import io.github.xpipe.support.XPipeHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The messages a container hands to its listener: payload, headers built on demand, equality. */
class ReceivedPipeMessageTests {

	private final byte[] payload = { 1, 2, 3 };

	private final ReceivedPipeMessage message = new ReceivedPipeMessage(this.payload, "orders",
			StandardCharsets.ISO_8859_1, 1234L);

	@Test
	void carriesThePayloadAsDecoded() {
		assertThat(this.message.getPayload()).isSameAs(this.payload);
	}

	@Test
	void headersNameThePipeItsCharsetAndTheReceiveTime() {
		MessageHeaders headers = this.message.getHeaders();
		assertThat(headers).containsOnlyKeys(XPipeHeaders.PIPE, XPipeHeaders.RECEIVED_TIMESTAMP, XPipeHeaders.CHARSET,
				MessageHeaders.TIMESTAMP);
		assertThat(headers.get(XPipeHeaders.PIPE)).isEqualTo("orders");
		assertThat(headers.get(XPipeHeaders.RECEIVED_TIMESTAMP)).isEqualTo(1234L);
		assertThat(headers.get(XPipeHeaders.CHARSET)).isEqualTo(StandardCharsets.ISO_8859_1);
		assertThat(headers.getTimestamp()).isEqualTo(1234L);
		assertThat(headers.getId()).isNull();
	}

	@Test
	void headersAreBuiltOnceAndAreImmutable() {
		MessageHeaders headers = this.message.getHeaders();
		assertThat(this.message.getHeaders()).isSameAs(headers);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> headers.put("other", "value"));
	}

	@Test
	void copiesKeepTheHeaders() {
		Message<String> copy = MessageBuilder.withPayload("text").copyHeaders(this.message.getHeaders()).build();
		assertThat(copy.getHeaders().get(XPipeHeaders.PIPE)).isEqualTo("orders");
		assertThat(copy.getHeaders().get(XPipeHeaders.RECEIVED_TIMESTAMP)).isEqualTo(1234L);
	}

	@Test
	void equalWhenPayloadAndHeadersAre() {
		ReceivedPipeMessage same = new ReceivedPipeMessage(new byte[] { 1, 2, 3 }, "orders",
				StandardCharsets.ISO_8859_1, 1234L);
		ReceivedPipeMessage otherPayload = new ReceivedPipeMessage(new byte[] { 1, 2, 4 }, "orders",
				StandardCharsets.ISO_8859_1, 1234L);
		ReceivedPipeMessage otherTime = new ReceivedPipeMessage(new byte[] { 1, 2, 3 }, "orders",
				StandardCharsets.ISO_8859_1, 1235L);
		assertThat(this.message).isEqualTo(same).hasSameHashCodeAs(same);
		assertThat(this.message).isNotEqualTo(otherPayload).isNotEqualTo(otherTime);
		assertThat(this.message.toString()).contains("payload=byte[3]").contains("xpipe_pipe=orders");
	}

	@Test
	void serializesAsAGenericMessage() throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(this.message);
		}
		Object read;
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			read = in.readObject();
		}
		assertThat(read).isInstanceOf(GenericMessage.class);
		GenericMessage<?> copy = (GenericMessage<?>) read;
		assertThat((byte[]) copy.getPayload()).containsExactly(1, 2, 3);
		assertThat(copy.getHeaders().get(XPipeHeaders.PIPE)).isEqualTo("orders");
		assertThat(copy.getHeaders().get(XPipeHeaders.RECEIVED_TIMESTAMP)).isEqualTo(1234L);
	}

}
