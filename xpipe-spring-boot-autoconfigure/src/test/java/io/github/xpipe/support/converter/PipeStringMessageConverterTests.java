package io.github.xpipe.support.converter;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.xpipe.support.XPipeHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@link PipeStringMessageConverter} uses the pipe's charset from the message headers. */
class PipeStringMessageConverterTests {

	private final PipeStringMessageConverter converter = new PipeStringMessageConverter();

	@Test
	void readsWithTheCharsetHeader() {
		Message<byte[]> message = new GenericMessage<>("\u00e9".getBytes(StandardCharsets.ISO_8859_1),
				Map.of(XPipeHeaders.CHARSET, StandardCharsets.ISO_8859_1));
		assertThat(this.converter.fromMessage(message, String.class)).isEqualTo("\u00e9");
	}

	@Test
	void acceptsACharsetName() {
		Message<byte[]> message = new GenericMessage<>("\u00e9".getBytes(StandardCharsets.UTF_16BE),
				Map.of(XPipeHeaders.CHARSET, "UTF-16BE"));
		assertThat(this.converter.fromMessage(message, String.class)).isEqualTo("\u00e9");
	}

	@Test
	void fallsBackToUtf8() {
		Message<byte[]> message = new GenericMessage<>("\u00e9".getBytes(StandardCharsets.UTF_8));
		assertThat(this.converter.fromMessage(message, String.class)).isEqualTo("\u00e9");
	}

	@Test
	void writesWithTheCharsetHeader() {
		Message<?> message = this.converter.toMessage("\u00e9",
				new MessageHeaders(Map.of(XPipeHeaders.CHARSET, StandardCharsets.ISO_8859_1)));
		assertThat(message).isNotNull();
		assertThat((byte[]) message.getPayload()).containsExactly(0xe9);
	}

	@Test
	void refusesAStringTheCharsetCannotEncodeNamingTheCharacterAndTheSetting() {
		MessageHeaders headers = new MessageHeaders(
				Map.of(XPipeHeaders.CHARSET, StandardCharsets.US_ASCII, XPipeHeaders.PIPE, "replies"));

		assertThatExceptionOfType(UnencodableStringException.class)
			.isThrownBy(() -> this.converter.toMessage("caf\u00e9 \ud83d\ude00", headers))
			.satisfies((ex) -> {
				assertThat(ex.getCharset()).isEqualTo(StandardCharsets.US_ASCII);
				assertThat(ex.getIndex()).isEqualTo(3);
			})
			.withMessageStartingWith("Pipe 'replies': a String payload of 7 characters cannot be encoded in US-ASCII: "
					+ "'\u00e9' (U+00E9) at index 3 has no US-ASCII bytes, so nothing was sent")
			.withMessageContaining("xpipe.pipes.<name>.charset");
		assertThatExceptionOfType(UnencodableStringException.class)
			.isThrownBy(() -> this.converter.toMessage("ok \ud83d\ude00", headers))
			.withMessageContaining("(U+1F600) at index 3");
	}

	@Test
	void encodesWhatTheCharsetCanEncode() {
		Message<?> message = this.converter.toMessage("plain ASCII",
				new MessageHeaders(Map.of(XPipeHeaders.CHARSET, StandardCharsets.US_ASCII)));
		assertThat(message).isNotNull();
		assertThat((byte[]) message.getPayload()).isEqualTo("plain ASCII".getBytes(StandardCharsets.US_ASCII));
		Message<?> utf8 = this.converter.toMessage("\ud83d\ude00", null);
		assertThat(utf8).isNotNull();
		assertThat((byte[]) utf8.getPayload()).hasSize(4);
	}

	@Test
	void handlesOnlyStrings() {
		Message<byte[]> message = new GenericMessage<>(new byte[] { 1 });
		assertThat(this.converter.fromMessage(message, Integer.class)).isNull();
		assertThat(this.converter.toMessage(42, null)).isNull();
	}

}
