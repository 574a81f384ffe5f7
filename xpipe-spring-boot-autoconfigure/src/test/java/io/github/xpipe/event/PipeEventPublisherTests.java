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
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.listener.PipeListenerFailedException;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.PipeBackends;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/** What {@link PipeEventPublisher} publishes, and that a failing event listener does not reach the pipe. */
class PipeEventPublisherTests {

	private final ManagedPipe pipe = new ManagedPipe(new PipeDefinition("orders", "orders", PipeDirection.INBOUND, false,
			new LengthCrc32Codec(), StandardCharsets.UTF_8, Duration.ofSeconds(1), PipeOptions.defaults()),
			PipeBackends.current());

	private final List<Object> published = new ArrayList<>();

	private final PipeEventPublisher publisher = new PipeEventPublisher(this.published::add,
			new PipeRegistry(List.of(this.pipe)));

	@Test
	void publishesOneEventPerActivityWithThePipeAsSource() throws Exception {
		FrameException crc = crcMismatch();
		this.publisher.writerConnected("orders", 7);
		this.publisher.listenerFailed(new PipeListenerFailedException("orders", "audit", crc.byteCount(), crc));
		this.publisher.writerDisconnected("orders", 7);
		this.publisher.messageReceived("orders", 10);
		this.publisher.afterRead("orders", 0);
		assertThat(this.published).hasSize(3);
		PipeWriterConnectedEvent connected = (PipeWriterConnectedEvent) this.published.get(0);
		assertThat(connected.getSource()).isSameAs(this.pipe);
		assertThat(connected.getPipeName()).isEqualTo("orders");
		assertThat(connected.getConnectionId()).isEqualTo(7);
		PipeFrameRejectedEvent rejected = (PipeFrameRejectedEvent) this.published.get(1);
		assertThat(rejected.getListenerId()).isEqualTo("audit");
		assertThat(rejected.getReason()).isEqualTo(FrameException.Reason.CRC);
		assertThat(rejected.getByteCount()).isEqualTo(1 + LengthCrc32Codec.FRAME_OVERHEAD);
		assertThat(rejected.getException()).isSameAs(crc);
		assertThat(((PipeWriterDisconnectedEvent) this.published.get(2)).getConnectionId()).isEqualTo(7);
	}

	@Test
	void idleEventsOnceTheIntervalPassedWithoutAMessage() {
		Duration interval = Duration.ofMillis(50);
		PipeEventPublisher idleAware = new PipeEventPublisher(this.published::add, new PipeRegistry(List.of(this.pipe)),
				interval);
		idleAware.afterRead("orders", 3);
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			idleAware.afterRead("orders", 0);
			return !this.published.isEmpty();
		});
		PipeListenerIdleEvent idle = (PipeListenerIdleEvent) this.published.get(0);
		assertThat(idle.getSource()).isSameAs(this.pipe);
		assertThat(idle.getIdleTime()).isGreaterThanOrEqualTo(interval);
	}

	@Test
	void aListenerExceptionIsNoEvent() {
		this.publisher.listenerFailed(new PipeListenerFailedException("orders", "audit", 3, new IllegalStateException()));
		assertThat(this.published).isEmpty();
	}

	@Test
	void anUndeclaredPipeIsTheSourceByName() {
		this.publisher.writerConnected("elsewhere", 1);
		assertThat(((PipeEvent) this.published.get(0)).getSource()).isEqualTo("elsewhere");
	}

	@Test
	void aFailingEventListenerDoesNotDisturbThePipe() {
		PipeEventPublisher failing = new PipeEventPublisher((event) -> {
			throw new IllegalStateException("listener bug");
		}, new PipeRegistry(List.of(this.pipe)));
		assertThatNoException().isThrownBy(() -> failing.writerConnected("orders", 1));
	}

	private static FrameException crcMismatch() throws FrameException {
		LengthCrc32Codec codec = new LengthCrc32Codec();
		ByteBuffer frame = ByteBuffer.allocate(codec.encodedLength(1)).order(ByteOrder.LITTLE_ENDIAN);
		codec.encode(new byte[] { 42 }, 0, 1, frame);
		frame.putInt(frame.position() - Integer.BYTES, 0x0BADC0DE);
		frame.flip();
		List<FrameException> errors = new ArrayList<>();
		codec.newDecoder("orders").decode(frame, new FrameSink() {

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
