package io.github.xpipe.benchmarks.peers;

import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadsTests {

	@Test
	void stampedSequenceReadsBack() {
		byte[] payload = Payloads.pattern(64);
		Payloads.stamp(payload, 0x0102030405060708L);
		assertThat(Payloads.sequenceOf(payload)).isEqualTo(0x0102030405060708L);
		assertThat(payload[0]).isEqualTo((byte) 0x08);
	}

	@Test
	void checksumAddsSequenceLengthAndInVerifyModeTheCrc() {
		byte[] payload = Payloads.pattern(16);
		Payloads.stamp(payload, 7);
		CRC32 crc = new CRC32();
		crc.update(payload);
		assertThat(Payloads.checksum(payload, false)).isEqualTo(7 + 16);
		assertThat(Payloads.checksum(payload, true)).isEqualTo(7 + 16 + crc.getValue());
	}

	@Test
	void formatIsSixteenHexDigitsLikeTheOtherPeers() {
		assertThat(Payloads.format(255)).isEqualTo("00000000000000ff");
		assertThat(Payloads.format(-1)).isEqualTo("ffffffffffffffff");
	}

}
