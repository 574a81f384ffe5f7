package io.github.xpipe.sample;

import java.nio.charset.StandardCharsets;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.support.XPipeHeaders;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.handler.annotation.Header;

/**
 * A listener on the pipes {@code idle-1} to {@code idle-8} that logs each message with the thread
 * that handled it and whether that thread is virtual. Not a component: {@link VirtualThreadsTests}
 * loads it into the sample's jar ({@code -Dloader.path}) and adds it to the application with
 * {@code --spring.main.sources}.
 */
class VirtualThreadProbe {

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
