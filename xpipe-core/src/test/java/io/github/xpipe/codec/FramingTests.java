package io.github.xpipe.codec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FramingTests {

	@Test
	void parsesConfigurationNames() {
		assertThat(Framing.fromId("length-crc32")).isEqualTo(Framing.LENGTH_CRC32);
		assertThat(Framing.fromId(" BASE64 ")).isEqualTo(Framing.BASE64);
		assertThat(Framing.fromId("length_crc32")).isEqualTo(Framing.LENGTH_CRC32);
	}

	@Test
	void rejectsUnknownNamesListingTheValidOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> Framing.fromId("json"))
			.withMessageContaining("length-crc32")
			.withMessageContaining("base64");
	}

	@ParameterizedTest
	@EnumSource(Framing.class)
	void idRoundTrips(Framing framing) {
		assertThat(Framing.fromId(framing.id())).isEqualTo(framing);
	}

}
