package io.github.xpipe.sample;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.pipe.spi.PipeBackends;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Once the application is ready, logs the full path of each of the sample's pipes and, on Linux
 * and macOS, the Python client command that talks to them with their current settings.
 */
@Component
class PipeSummaryLogger implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(PipeSummaryLogger.class);

	private final ObjectProvider<ManagedPipe> pipes;

	PipeSummaryLogger(ObjectProvider<ManagedPipe> pipes) {
		this.pipes = pipes;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		Map<String, ManagedPipe> byName = this.pipes.orderedStream()
			.collect(Collectors.toMap(ManagedPipe::getName, Function.identity()));
		logPair("Echo service", byName.get("inbox"), byName.get("outbox"), "hello world");
		logPair("Order desk", byName.get("orders"), byName.get("receipts"), "--orders apple:3 pear:0");
	}

	private void logPair(String service, @Nullable ManagedPipe request, @Nullable ManagedPipe reply, String example) {
		if (request == null || reply == null || !logger.isInfoEnabled()) {
			return;
		}
		logger.info(service + ": " + request.getPath() + " -> " + reply.getPath() + " ("
				+ request.getDefinition().codec().framing().id() + ")");
		if (!PipeBackends.isWindows()) { // the Python client speaks POSIX FIFOs
			logger.info(service + ": try python3 sample-app/client/xpipe_client.py " + clientOptions(request) + example);
		}
	}

	private static String clientOptions(ManagedPipe pipe) {
		StringBuilder options = new StringBuilder();
		Path directory = Path.of(pipe.getPath()).getParent();
		if (directory != null) {
			options.append("--base-dir ").append(directory).append(' ');
		}
		FrameCodec codec = pipe.getDefinition().codec();
		if (codec instanceof LengthCrc32Codec lengthCrc32) {
			if (lengthCrc32.byteOrder() == ByteOrder.BIG_ENDIAN) {
				options.append("--byte-order big ");
			}
			if (!lengthCrc32.crcEnabled()) {
				options.append("--no-crc ");
			}
		}
		else {
			options.append("--framing ").append(codec.framing().id()).append(' ');
		}
		return options.toString();
	}

}
