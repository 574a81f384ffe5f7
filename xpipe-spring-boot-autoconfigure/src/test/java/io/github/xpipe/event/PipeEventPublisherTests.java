package io.github.xpipe.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.xpipe.codec.FrameException;
import io.github.xpipe.codec.FrameSink;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeDefinition;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.PipeBackends;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** What {@link PipeEventPublisher} publishes, and that a failing event listener does not reach the pipe. */
class PipeEventPublisherTests {

	private final ManagedPipe pipe = new ManagedPipe(new PipeDefinition("orders", "orders", PipeDirection.INBOUND, false,
			new LengthCrc32Codec(), StandardCharsets.UTF_8, Duration.ofSeconds(1), PipeOptions.defaults()),
			PipeBackends.current());

	@Test
	void publishesOneEventPerActivity() throws Exception {
		List<Object> published = new ArrayList<>();
		PipeEventPublisher publisher = new PipeEventPublisher(published::add);
		FrameException crc = crcMismatch();
		publisher.writerConnected(this.pipe, "audit", 7);
		publisher.frameRejected(this.pipe, "audit", crc);
		publisher.writerDisconnected(this.pipe, "audit", 7);
		publisher.listenerIdle(this.pipe, "audit", Duration.ofSeconds(30));
		publisher.messageReceived(this.pipe, 10);
		assertThat(published).hasSize(4);
		PipeWriterConnectedEvent connected = (PipeWriterConnectedEvent) published.get(0);
		assertThat(connected.getPipe()).isSameAs(this.pipe);
		assertThat(connected.getPipeName()).isEqualTo("orders");
		assertThat(connected.getListenerId()).isEqualTo("audit");
		assertThat(connected.getConnectionId()).isEqualTo(7);
		PipeFrameRejectedEvent rejected = (PipeFrameRejectedEvent) published.get(1);
		assertThat(rejected.getReason()).isEqualTo(FrameException.Reason.CRC);
		assertThat(rejected.getException()).isSameAs(crc);
		assertThat(((PipeWriterDisconnectedEvent) published.get(2)).getConnectionId()).isEqualTo(7);
		assertThat(((PipeListenerIdleEvent) published.get(3)).getIdleTime()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aFailingEventListenerDoesNotDisturbThePipe() {
		PipeEventPublisher publisher = new PipeEventPublisher((event) -> {
			throw new IllegalStateException("listener bug");
		});
		assertThatNoException().isThrownBy(() -> publisher.writerConnected(this.pipe, "audit", 1));
	}

	private static FrameException crcMismatch() throws FrameException {
		List<FrameException> errors = new ArrayList<>();
		LengthCrc32Codec withoutCrc = new LengthCrc32Codec(ByteOrder.LITTLE_ENDIAN, false, 1024);
		ByteBuffer frame = ByteBuffer.allocate(withoutCrc.encodedLength(1)).order(ByteOrder.LITTLE_ENDIAN);
		withoutCrc.encode(new byte[] { 42 }, 0, 1, frame);
		frame.flip();
		new LengthCrc32Codec().newDecoder("orders").decode(frame, new FrameSink() {

			@Override
			public void onFrame(byte[] payload) {
			}

			@Override
			public void onError(FrameException error) {
				errors.add(error);
			}

		});
		assertThat(errors).hasSize(1);
		return errors.get(0);
	}

}
