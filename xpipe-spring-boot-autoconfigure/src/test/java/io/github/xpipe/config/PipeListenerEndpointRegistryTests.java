package io.github.xpipe.config;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.listener.PipeListenerContainer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Registration, start and stop by id, auto-startup and parallel stop of {@link PipeListenerEndpointRegistry}. */
class PipeListenerEndpointRegistryTests {

	private final PipeListenerEndpointRegistry registry = new PipeListenerEndpointRegistry();

	private final List<StubContainer> created = new ArrayList<>();

	private final PipeListenerContainerFactory<StubContainer> factory = (endpoint) -> {
		StubContainer container = new StubContainer(endpoint.getId(), endpoint.getPipe(),
				endpoint.getAutoStartup() == null || endpoint.getAutoStartup());
		this.created.add(container);
		return container;
	};

	@Test
	void startsOnlyAutoStartupContainersAndStopsAll() {
		this.registry.registerListenerContainer(endpoint("a", "pipe-a", null), this.factory);
		this.registry.registerListenerContainer(endpoint("b", "pipe-b", false), this.factory);
		this.registry.start();
		assertThat(this.registry.isRunning()).isTrue();
		assertThat(this.registry.getListenerContainer("a").isRunning()).isTrue();
		assertThat(this.registry.getListenerContainer("b").isRunning()).isFalse();
		this.registry.start("b");
		assertThat(this.registry.getListenerContainer("b").isRunning()).isTrue();
		this.registry.stop("a");
		assertThat(this.registry.getListenerContainer("a").isRunning()).isFalse();
		this.registry.stop();
		assertThat(this.created).noneMatch(PipeListenerContainer::isRunning);
		assertThat(this.registry.getListenerContainerIds()).containsExactly("a", "b");
	}

	@Test
	void containerRegisteredWhileRunningStartsAtOnce() {
		this.registry.start();
		PipeListenerContainer late = this.registry.registerListenerContainer(endpoint("late", "pipe", null), this.factory);
		assertThat(late.isRunning()).isTrue();
	}

	@Test
	void stopWithCallbackWaitsForEveryContainer() {
		this.registry.registerListenerContainer(endpoint("a", "pipe-a", null), this.factory);
		this.registry.registerListenerContainer(endpoint("b", "pipe-b", null), this.factory);
		this.registry.start();
		AtomicInteger calls = new AtomicInteger();
		this.registry.stop(calls::incrementAndGet);
		assertThat(calls).hasValue(0);
		this.created.get(0).completeStop();
		assertThat(calls).hasValue(0);
		this.created.get(1).completeStop();
		assertThat(calls).hasValue(1);
	}

	@Test
	void stopWithCallbackAndNothingRunningCallsBackAtOnce() {
		this.registry.registerListenerContainer(endpoint("a", "pipe-a", false), this.factory);
		this.registry.start();
		AtomicInteger calls = new AtomicInteger();
		this.registry.stop(calls::incrementAndGet);
		assertThat(calls).hasValue(1);
	}

	@Test
	void duplicateIdIsRefused() {
		this.registry.registerListenerContainer(endpoint("same", "pipe-a", null), this.factory);
		assertThatIllegalStateException()
			.isThrownBy(() -> this.registry.registerListenerContainer(endpoint("same", "pipe-b", null), this.factory))
			.withMessageContaining("Another listener already has the id 'same'");
	}

	@Test
	void secondListenerOnOnePipeIsRefused() {
		this.registry.registerListenerContainer(endpoint("first", "orders", null), this.factory);
		assertThatIllegalStateException()
			.isThrownBy(() -> this.registry.registerListenerContainer(endpoint("second", "orders", null), this.factory))
			.withMessageContaining("Pipe 'orders' already has listener 'first'")
			.withMessageContaining("one reader per application");
	}

	@Test
	void unknownIdIsRefused() {
		this.registry.registerListenerContainer(endpoint("known", "pipe", null), this.factory);
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.start("unknown"))
			.withMessage("No listener with id 'unknown'; listeners: [known]");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.registry.stop("unknown"));
	}

	private static SimplePipeListenerEndpoint endpoint(String id, String pipe, Boolean autoStartup) {
		SimplePipeListenerEndpoint endpoint = new SimplePipeListenerEndpoint();
		endpoint.setId(id);
		endpoint.setPipe(pipe);
		endpoint.setAutoStartup(autoStartup);
		endpoint.setMessageListener((message) -> {
		});
		return endpoint;
	}

	/** A container whose asynchronous stop completes when the test says so. */
	static final class StubContainer implements PipeListenerContainer {

		private final String id;

		private final String pipe;

		private final boolean autoStartup;

		private boolean running;

		private Runnable pendingCallback = () -> {
		};

		StubContainer(String id, String pipe, boolean autoStartup) {
			this.id = id;
			this.pipe = pipe;
			this.autoStartup = autoStartup;
		}

		@Override
		public String getListenerId() {
			return this.id;
		}

		@Override
		public String getPipeName() {
			return this.pipe;
		}

		@Override
		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public void stop(Runnable callback) {
			this.pendingCallback = callback;
		}

		void completeStop() {
			this.running = false;
			this.pendingCallback.run();
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
