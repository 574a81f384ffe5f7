package io.github.xpipe.codec;

/** The wire framings xpipe speaks. */
public enum Framing {

	/** {@code [u32 messageLength][u32 dataLength][data][u32 crc32]}, see {@link LengthCrc32Codec}. */
	LENGTH_CRC32("length-crc32"),

	/** {@code base64(data) 0x00}, see {@link Base64Codec}. */
	BASE64("base64");

	private final String id;

	Framing(String id) {
		this.id = id;
	}

	/** The name used in configuration and documentation, e.g. {@code length-crc32}. */
	public String id() {
		return this.id;
	}

	/**
	 * The framing with the given id ({@code length-crc32} or {@code base64}, case-insensitive,
	 * underscores accepted for dashes).
	 * @throws IllegalArgumentException naming the accepted values
	 */
	public static Framing fromId(String id) {
		String normalized = id.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
		for (Framing framing : values()) {
			if (framing.id.equals(normalized)) {
				return framing;
			}
		}
		throw new IllegalArgumentException("Unknown framing '" + id + "': use length-crc32 or base64");
	}

}
