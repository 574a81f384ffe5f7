package io.github.xpipe.support.micrometer;

import io.micrometer.observation.transport.SenderContext;

/**
 * The context of the {@code xpipe.template} observation: one message sent to a pipe. A frame
 * carries no headers, so nothing is propagated to the reader.
 */
public class PipeTemplateObservationContext extends SenderContext<byte[]> {

	private final String pipeName;

	private final String framing;

	private final int payloadSize;

	/**
	 * @param payload the bytes of the message sent
	 * @param pipeName the declared name of the pipe it goes to
	 * @param framing the framing id of the pipe
	 */
	public PipeTemplateObservationContext(byte[] payload, String pipeName, String framing) {
		super((carrier, key, value) -> {
		});
		setCarrier(payload);
		this.pipeName = pipeName;
		this.framing = framing;
		this.payloadSize = payload.length;
		setRemoteServiceName(XPipeObservation.MESSAGING_SYSTEM);
	}

	/** The declared name of the pipe the message goes to. */
	public String getPipeName() {
		return this.pipeName;
	}

	/** The framing id of the pipe, e.g. {@code length-crc32}. */
	public String getFraming() {
		return this.framing;
	}

	/** The size of the message's payload in bytes. */
	public int getPayloadSize() {
		return this.payloadSize;
	}

}
