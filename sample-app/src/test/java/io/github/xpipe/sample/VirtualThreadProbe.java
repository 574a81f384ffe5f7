package io.github.xpipe.sample;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.support.XPipeHeaders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * A listener on the pipes {@code idle-1} to {@code idle-8} that logs each message with the thread
 * that handled it and whether that thread is virtual; and listeners on {@code blocked-1} and
 * {@code blocked-2} that answer each message with {@value #REPLY_SIZE} bytes on {@code stalled-1}
 * and {@code stalled-2}, more than their FIFOs hold, so that a reply waits for its reader. Not a component: {@link VirtualThreadsTests}
 * loads it into the sample's jar ({@code -Dloader.path}) and adds it to the application with
 * {@code --spring.main.sources}.
 */
class VirtualThreadProbe {

	/** The size of a reply on the {@code stalled} pipes: 96 KiB, more than the 64 KiB their FIFOs hold. */
	static final int REPLY_SIZE = 96 * 1024;

	private static final Log logger = LogFactory.getLog(VirtualThreadProbe.class);

	@PipeListener("idle-1")
	@PipeListener("idle-2")
	@PipeListener("idle-3")
	@PipeListener("idle-4")
	@PipeListener("idle-5")
	@PipeListener("idle-6")
	@PipeListener("idle-7")
	@PipeListener("idle-8")
	void onMessage(byte[] payload, @Header(XPipeHeaders.PIPE) String pipe) throws ReflectiveOperationException {
		Thread thread = Thread.currentThread();
		logger.info("Probe: '" + new String(payload, StandardCharsets.UTF_8) + "' on " + pipe + " handled on "
				+ thread + ", virtual: " + isVirtual(thread));
	}

	@PipeListener("blocked-1")
	@SendTo("stalled-1")
	byte[] replyOnStalled1(byte[] payload) {
		return reply(payload);
	}

	@PipeListener("blocked-2")
	@SendTo("stalled-2")
	byte[] replyOnStalled2(byte[] payload) {
		return reply(payload);
	}

	/** {@value #REPLY_SIZE} copies of the payload's first byte. */
	private static byte[] reply(byte[] payload) {
		byte[] reply = new byte[REPLY_SIZE];
		Arrays.fill(reply, payload[0]);
		return reply;
	}

	/** {@code Thread.isVirtual()}, which Java 17, the version this compiles for, lacks. */
	private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

}
