package io.github.xpipe.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.listener.PipeContainerListener;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.WritePipeEnd;
import io.github.xpipe.test.XPipeContextRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listener threads: virtual with {@code spring.threads.virtual.enabled=true} on Java 21 and later,
 * platform threads otherwise; named after the pipe either way. The reading thread, which blocks in
 * native reads, is a platform thread always.
 */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class XPipeListenerThreadsTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner contextRunner() {
		return XPipeContextRunners.withBaseDir(this.temp.resolve("pipes"), "xpipe.pipes.orders.direction=inbound")
			.withBean(ThreadRecorder.class)
			.withBean(ReaderRecorder.class);
	}

	@Test
	void platformThreadsNamedAfterThePipeByDefault() {
		contextRunner().run((context) -> {
			Thread thread = listenerThread(context);
			assertThat(thread.getName()).startsWith("xpipe-orders-");
			assertThat(isVirtual(thread)).isFalse();
			assertThat(context.getBean(ReaderRecorder.class).thread.get()).isSameAs(thread);
		});
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void platformThreadsBeforeJava21EvenWithVirtualThreadsEnabled() {
		contextRunner().withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Thread thread = listenerThread(context);
			assertThat(thread.getName()).startsWith("xpipe-orders-");
			assertThat(isVirtual(thread)).isFalse();
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsNamedAfterThePipeWhenEnabled() {
		contextRunner().withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Thread thread = listenerThread(context);
			assertThat(thread.getName()).startsWith("xpipe-orders-listener-");
			assertThat(isVirtual(thread)).isTrue();
			Thread reader = context.getBean(ReaderRecorder.class).thread.get();
			assertThat(reader.getName()).startsWith("xpipe-orders-").doesNotContain("listener");
			assertThat(isVirtual(reader)).isFalse();
		});
	}

	private static Thread listenerThread(AssertableApplicationContext context) throws Exception {
		String path = context.getBean(PipeRegistry.class).getPipe("orders", "the test").getPath();
		try (WritePipeEnd writer = new WritePipeEnd(NamedPipe.of(path), new LengthCrc32Codec())
			.open(Duration.ofSeconds(10))) {
			writer.write("ping".getBytes(StandardCharsets.UTF_8));
		}
		ThreadRecorder recorder = context.getBean(ThreadRecorder.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.thread.get() != null);
		return recorder.thread.get();
	}

	/** {@code Thread.isVirtual()}, which Java 17 lacks. */
	private static boolean isVirtual(Thread thread) throws Exception {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

	static class ThreadRecorder {

		final AtomicReference<Thread> thread = new AtomicReference<>();

		@PipeListener("orders")
		void onMessage(byte[] payload) {
			this.thread.set(Thread.currentThread());
		}

	}

	/** Records the thread that read the message (set before the listener is invoked). */
	static class ReaderRecorder implements PipeContainerListener {

		final AtomicReference<Thread> thread = new AtomicReference<>();

		@Override
		public void messageReceived(String pipeName, int size) {
			this.thread.set(Thread.currentThread());
		}

	}

}
