package io.github.xpipe.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PeerResultTests {

	@Test
	void parsesKeyValuePairs() {
		PeerResult result = new PeerResult("reader", "RESULT messages=12 checksum=00000000000000ff errors=0");
		assertThat(result.number("messages")).isEqualTo(12);
		assertThat(result.text("checksum")).isEqualTo("00000000000000ff");
		assertThat(result.has("peak_heap")).isFalse();
	}

	@Test
	void missingKeyNamesThePeer() {
		PeerResult result = new PeerResult("writer", "RESULT messages=1");
		assertThatIllegalStateException().isThrownBy(() -> result.number("checksum"))
			.withMessageContaining("writer")
			.withMessageContaining("checksum");
	}

}
