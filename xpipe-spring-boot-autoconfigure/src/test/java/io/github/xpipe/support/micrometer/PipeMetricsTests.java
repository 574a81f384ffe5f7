package io.github.xpipe.support.micrometer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.xpipe.codec.CrcMismatchException;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeDefinition;
import io.github.xpipe.listener.PipeListenerFailedException;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PipeMetrics}: each pipe has the counters its direction can move, and no others. */
class PipeMetricsTests {

	private final MeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void inboundPipeCountsWhatItsListenerReceivesAndNothingSent() {
		PipeMetrics metrics = new PipeMetrics(this.registry, List.of(pipe("orders", PipeDirection.INBOUND)));
		metrics.messagesReceived("orders", 3, 15);
		metrics.listenerFailed(new PipeListenerFailedException("orders", "audit", 5, new IllegalStateException()));
		assertThat(this.registry.get("xpipe.messages.received").tag("pipe", "orders").counter().count()).isEqualTo(3);
		assertThat(this.registry.get("xpipe.bytes.received").tag("pipe", "orders").counter().count()).isEqualTo(15);
		assertThat(this.registry.get("xpipe.listener.errors").tag("pipe", "orders").counter().count()).isEqualTo(1);
		assertThat(this.registry.find("xpipe.messages.sent").counters()).isEmpty();
		assertThat(this.registry.find("xpipe.bytes.sent").counters()).isEmpty();
	}

	@Test
	void outboundPipeCountsWhatTheTemplateSentAndNothingReceived() {
		PipeMetrics metrics = new PipeMetrics(this.registry, List.of(pipe("receipts", PipeDirection.OUTBOUND)));
		metrics.messagesSent("receipts", 2, 14);
		assertThat(this.registry.get("xpipe.messages.sent").tag("pipe", "receipts").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("xpipe.bytes.sent").tag("pipe", "receipts").counter().count()).isEqualTo(14);
		assertThat(this.registry.find("xpipe.messages.received").counters()).isEmpty();
		assertThat(this.registry.find("xpipe.listener.errors").counters()).isEmpty();
		assertThat(this.registry.find("xpipe.frames.rejected").counters()).isEmpty();
	}

	@Test
	void rejectedFramesAreCountedByReasonFromTheFirstRejection() {
		PipeMetrics metrics = new PipeMetrics(this.registry, List.of(pipe("orders", PipeDirection.INBOUND)));
		assertThat(this.registry.find("xpipe.frames.rejected").counters()).isEmpty();
		CrcMismatchException crc = new CrcMismatchException("orders", 13, "CRC mismatch");
		metrics.listenerFailed(new PipeListenerFailedException("orders", "audit", 13, crc));
		assertThat(this.registry.get("xpipe.frames.rejected").tags("pipe", "orders", "reason", "crc").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("xpipe.listener.errors").tag("pipe", "orders").counter().count()).isZero();
	}

	@Test
	void aPipeNotGivenGetsTheCountersOfWhatHappensToIt() {
		PipeMetrics metrics = new PipeMetrics(this.registry, List.of());
		metrics.messagesSent("provisioned", 1, 3);
		assertThat(this.registry.get("xpipe.messages.sent").tag("pipe", "provisioned").counter().count()).isEqualTo(1);
		assertThat(this.registry.find("xpipe.messages.received").tag("pipe", "provisioned").counter()).isNull();
	}

	private static ManagedPipe pipe(String name, PipeDirection direction) {
		return new ManagedPipe(new PipeDefinition(name, "/nonexistent/" + name, direction, false, new LengthCrc32Codec(),
				StandardCharsets.UTF_8, Duration.ZERO, PipeOptions.defaults()));
	}

}
