package io.github.xpipe.support.converter;

import java.nio.charset.Charset;

import org.springframework.messaging.converter.MessageConversionException;

/**
 * A {@code String} payload holds a character the pipe's charset has no bytes for, such as
 * {@code é} on a pipe whose peer reads US-ASCII only (the {@code npipes} preset). Sending it as a
 * replacement character would hand the peer something the sender never wrote, so nothing is sent.
 */
public class UnencodableStringException extends MessageConversionException {

	private final Charset charset;

	private final int index;

	/**
	 * @param pipeName the pipe the payload was for, or empty if unknown
	 * @param charset the pipe's charset
	 * @param text the payload
	 * @param index the index of the first character the charset cannot encode
	 */
	public UnencodableStringException(String pipeName, Charset charset, String text, int index) {
		super(message(pipeName, charset, text, index));
		this.charset = charset;
		this.index = index;
	}

	private static String message(String pipeName, Charset charset, String text, int index) {
		int codePoint = text.codePointAt(index);
		return (pipeName.isEmpty() ? "" : "Pipe '" + pipeName + "': ") + "a String payload of " + text.length()
				+ " characters cannot be encoded in " + charset.name() + ": '" + Character.toString(codePoint) + "' (U+"
				+ String.format("%04X", codePoint) + ") at index " + index + " has no " + charset.name()
				+ " bytes, so nothing was sent. Send only text the peer can read, or, if it reads another charset, "
				+ "set xpipe.pipes.<name>.charset (peer: npipes sets US-ASCII, npipes' default)";
	}

	/** The pipe's charset, which cannot encode the payload. */
	public Charset getCharset() {
		return this.charset;
	}

	/** The index in the payload of the first character the charset cannot encode. */
	public int getIndex() {
		return this.index;
	}

}
