package io.github.xpipe.support.micrometer;

import io.micrometer.observation.transport.ReceiverContext;

import org.springframework.messaging.Message;

/**
 * The context of the {@code xpipe.listener} observation: one message handled by a listener. A
 * frame carries no headers, so nothing arrives to propagate: each message starts a new trace.
 */
public class PipeListenerObservationContext extends ReceiverContext<Message<byte[]>> {

	private final String pipeName;

	private final String framing;

	private final String listenerId;

	private final int payloadSize;

	/**
	 * @param message the message handled
	 * @param pipeName the declared name of the pipe it came from
	 * @param framing the framing id of the pipe
	 * @param listenerId the id of the listener handling it
	 */
	public PipeListenerObservationContext(Message<byte[]> message, String pipeName, String framing, String listenerId) {
		super((carrier, key) -> null);
		setCarrier(message);
		this.pipeName = pipeName;
		this.framing = framing;
		this.listenerId = listenerId;
		this.payloadSize = message.getPayload().length;
		setRemoteServiceName(XPipeObservation.MESSAGING_SYSTEM);
	}

	/** The declared name of the pipe the message came from. */
	public String getPipeName() {
		return this.pipeName;
	}

	/** The framing id of the pipe, e.g. {@code length-crc32}. */
	public String getFraming() {
		return this.framing;
	}

	/** The id of the listener. */
	public String getListenerId() {
		return this.listenerId;
	}

	/** The size of the message's payload in bytes. */
	public int getPayloadSize() {
		return this.payloadSize;
	}

}
