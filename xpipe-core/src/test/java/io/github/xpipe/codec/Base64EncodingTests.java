package io.github.xpipe.codec;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Chunked encoding writes the JDK's text for any slice, into any buffer, allocating nothing. */
class Base64EncodingTests {

	private static final int CHUNK = Base64Encoding.CHUNK;

	@Test
	void writesTheJdkTextForSlicesAroundEveryChunkBoundaryAndRemainder() {
		Random random = new Random(11);
		for (int size : new int[] { CHUNK, CHUNK + 1, CHUNK + 2, CHUNK + 3, 2 * CHUNK - 1, 2 * CHUNK, 2 * CHUNK + 1,
				2 * CHUNK + 2, 3 * CHUNK + 4, 1024 * 1024, 1024 * 1024 + 1 }) {
			byte[] payload = new byte[size + 9];
			random.nextBytes(payload);
			for (int offset : new int[] { 0, 4, 9 }) {
				byte[] expected = Base64.getEncoder().encode(ByteBuffer.wrap(payload, offset, size)).array();
				for (ByteBuffer target : new ByteBuffer[] { ByteBuffer.allocate(expected.length + 7).position(7),
						ByteBuffer.allocateDirect(expected.length + 7).position(7) }) {
					Base64Encoding.encodeChunked(payload, offset, size, target);
					assertThat(target.position()).isEqualTo(7 + expected.length);
					byte[] written = new byte[expected.length];
					target.get(7, written);
					assertThat(written).as("%d bytes from %d", size, offset).isEqualTo(expected);
				}
			}
		}
	}

	@Test
	void allocatesNothingOnceTheThreadHasItsScratch() {
		byte[] payload = new byte[1024 * 1024 + 2];
		ByteBuffer target = ByteBuffer.allocateDirect(2 * 1024 * 1024);
		Runnable encodeAll = () -> {
			for (int remainder = 0; remainder < 3; remainder++) {
				target.clear();
				Base64Encoding.encodeChunked(payload, 0, payload.length - remainder, target);
			}
		};
		encodeAll.run();

		assertThat(Allocations.measure(encodeAll)).isLessThan(1024);
	}

	@Test
	void needsAtLeastOneChunk() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Base64Encoding.encodeChunked(new byte[CHUNK], 1, CHUNK - 1, ByteBuffer.allocate(CHUNK * 2)));
	}

}
