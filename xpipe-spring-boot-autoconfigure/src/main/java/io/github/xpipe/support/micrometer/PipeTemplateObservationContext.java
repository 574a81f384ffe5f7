package io.github.xpipe.support.micrometer;

import io.micrometer.observation.transport.SenderContext;

/**
 * The context of the {@code xpipe.template} observation: one message sent to a pipe. A frame
 * carries no headers, so nothing is propagated to the reader.
 */
public class PipeTemplateObservationContext extends SenderContext<byte[]> {

	private final String pipeName;

	private final String framing;

	public PipeTemplateObservationContext(byte[] payload, String pipeName, String framing) {
		super((carrier, key, value) -> {
		});
		setCarrier(payload);
		this.pipeName = pipeName;
		this.framing = framing;
		setRemoteServiceName("xpipe");
	}

	/** The declared name of the pipe the message goes to. */
	public String getPipeName() {
		return this.pipeName;
	}

	/** The framing id of the pipe, e.g. {@code length-crc32}. */
	public String getFraming() {
		return this.framing;
	}

}
