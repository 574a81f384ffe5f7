package io.github.xpipe.codec;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

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

	@Property(tries = 50)
	void idRoundTrips(@ForAll Framing framing) {
		assertThat(Framing.fromId(framing.id())).isEqualTo(framing);
	}

}
