package io.github.xpipe.benchmarks.peers;

import io.github.xpipe.codec.Base64Codec;
import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;

/** The xpipe codec of a framing as the peers name it: {@code lcrc} or {@code b64}, with default settings. */
public final class Codecs {

	private Codecs() {
	}

	/**
	 * {@code lcrc}: length-crc32, little-endian, CRC computed and verified; {@code b64}: Base64
	 * datagrams. Both with the default 16 MiB maximum.
	 */
	public static FrameCodec forFraming(String framing) {
		return switch (framing) {
			case "lcrc" -> new LengthCrc32Codec();
			case "b64" -> new Base64Codec();
			default -> throw new IllegalArgumentException("Unknown framing '" + framing + "': use lcrc or b64");
		};
	}

}
