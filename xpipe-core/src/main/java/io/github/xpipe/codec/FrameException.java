package io.github.xpipe.codec;

import java.io.IOException;

/**
 * A frame was rejected. Carries the pipe's name, why ({@link #reason()}) and how many bytes were
 * involved, so a log line or a metric says what happened without the payload.
 */
public abstract class FrameException extends IOException {

	private final String pipeName;

	private final long byteCount;

	/**
	 * @param pipeName the pipe the frame arrived on; empty when there is no pipe, e.g. a payload
	 *        rejected while encoding, and the message then has no pipe prefix
	 * @param byteCount the size of the rejected frame or of the input discarded with it
	 * @param message what was wrong and what happens next
	 */
	protected FrameException(String pipeName, long byteCount, String message) {
		super(pipeName.isEmpty() ? message : "Pipe '" + pipeName + "': " + message);
		this.pipeName = pipeName;
		this.byteCount = byteCount;
	}

	/** The pipe the frame arrived on; empty for an error raised while encoding. */
	public String pipeName() {
		return this.pipeName;
	}

	/** The size, in bytes, of the rejected frame or of the input discarded with it. */
	public long byteCount() {
		return this.byteCount;
	}

	/** Why the frame was rejected; a low-cardinality value for logs and metrics. */
	public abstract Reason reason();

	/** Why a frame was rejected. */
	public enum Reason {

		/** The CRC-32 of the data did not match the frame's crc32 field. */
		CRC("crc"),
		/** A base64 datagram was not valid padded Base64. */
		BASE64("base64"),
		/** A frame declared or reached a size over the configured maximum. */
		TOO_LARGE("too-large"),
		/** The frame's length fields contradict each other. */
		MALFORMED("malformed"),
		/** A length-crc32 frame is in the other byte order than the one the stream is read in. */
		BYTE_ORDER("byte-order"),
		/** The writer disconnected in the middle of a frame. */
		TRUNCATED("truncated"),
		/**
		 * Bytes that are not part of any frame the decoder could find were skipped while it searched
		 * for the next frame boundary (after a rejected frame, or when a stream starts mid-frame).
		 */
		SKIPPED("skipped");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		/** The value used as a metric tag, e.g. {@code too-large}. */
		public String tag() {
			return this.tag;
		}

	}

}
