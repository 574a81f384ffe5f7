package io.github.xpipe.sample;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.xpipe.codec.Framing;
import io.github.xpipe.core.ManagedPipe;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Once the application is ready, logs where each of the sample's pipes is and how to talk to it
 * with the Python client.
 */
@Component
class PipeDirectoryLogger implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(PipeDirectoryLogger.class);

	private final ObjectProvider<ManagedPipe> pipes;

	PipeDirectoryLogger(ObjectProvider<ManagedPipe> pipes) {
		this.pipes = pipes;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Map<String, ManagedPipe> byName = this.pipes.orderedStream()
			.collect(Collectors.toMap(ManagedPipe::getName, Function.identity()));
		logPair("Echo service", byName.get("inbox"), byName.get("outbox"), "hello");
		logPair("Order desk", byName.get("orders"), byName.get("receipts"), "--orders apple:3 pear:0");
	}

	private void logPair(String service, ManagedPipe request, ManagedPipe reply, String example) {
		logger.info(service + ": reads " + request.getPath() + " (" + describe(request) + "), answers on "
				+ reply.getPath() + " (" + describe(reply) + ")");
		logger.info("  try: python3 sample-app/client/xpipe_client.py" + clientOptions(request) + " " + example);
	}

	private static String describe(ManagedPipe pipe) {
		return pipe.getDefinition().codec().framing().id();
	}

	private static String clientOptions(ManagedPipe pipe) {
		String options = " --base-dir " + Path.of(pipe.getPath()).getParent();
		Framing framing = pipe.getDefinition().codec().framing();
		return (framing != Framing.LENGTH_CRC32) ? options + " --framing " + framing.id() : options;
	}

}
