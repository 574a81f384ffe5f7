package io.github.xpipe.listener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ContainerListenerNotifier}: messages are told one by one to the listeners that listen
 * per message, and counted once per read for all.
 */
class ContainerListenerNotifierTests {

	private final PipeContainerProperties properties = new PipeContainerProperties();

	private final ContainerListenerNotifier notifier = new ContainerListenerNotifier("orders", "audit", this.properties);

	@Test
	void eachReadIsCountedOnceWithItsMessagesAndBytes() {
		Counting counting = new Counting();
		this.properties.setContainerListeners(List.of(counting));
		this.notifier.messageReceived(5);
		this.notifier.messageReceived(7);
		this.notifier.readFinished();
		this.notifier.readFinished();
		this.notifier.messageReceived(1);
		this.notifier.readFinished();
		assertThat(counting.reads).as("an empty read is not told").containsExactly("orders: 2 messages, 12 bytes",
				"orders: 1 messages, 1 bytes");
	}

	@Test
	void aListenerOfEachMessageIsToldOfEachBeforeTheReadIsCounted() {
		PerMessage perMessage = new PerMessage();
		Counting counting = new Counting();
		this.properties.setContainerListeners(List.of(counting, perMessage));
		this.notifier.messageReceived(3);
		this.notifier.messageReceived(4);
		assertThat(perMessage.sizes).containsExactly(3, 4);
		assertThat(counting.reads).isEmpty();
		this.notifier.readFinished();
		assertThat(perMessage.reads).containsExactly("orders: 2 messages, 7 bytes");
	}

	@Test
	void listenersSetLaterAreToldOfTheMessagesAfterwards() {
		this.notifier.messageReceived(3);
		this.notifier.readFinished();
		PerMessage perMessage = new PerMessage();
		this.properties.setContainerListeners(List.of(perMessage));
		this.notifier.messageReceived(9);
		this.notifier.readFinished();
		assertThat(perMessage.sizes).containsExactly(9);
		assertThat(perMessage.reads).containsExactly("orders: 1 messages, 9 bytes");
	}

	/** Counts reads only. */
	static class Counting implements PipeContainerListener {

		final List<String> reads = new CopyOnWriteArrayList<>();

		@Override
		public void messagesReceived(String pipeName, int messages, long bytes) {
			this.reads.add(pipeName + ": " + messages + " messages, " + bytes + " bytes");
		}

	}

	/** Listens to each message too. */
	static class PerMessage extends Counting {

		final List<Integer> sizes = new CopyOnWriteArrayList<>();

		@Override
		public void messageReceived(String pipeName, int size) {
			this.sizes.add(size);
		}

	}

}
