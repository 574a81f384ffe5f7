package io.github.xpipe.pipe;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Keeps blocking native calls off virtual threads. A virtual thread that blocks in a native call
 * (a JNA {@code poll()}, {@code open()} or {@code WaitForMultipleObjects}) holds its carrier thread
 * for as long as it blocks, and a few such threads starve every other virtual thread of the
 * application. Waits that may last are therefore handed to platform threads, and the virtual
 * thread waits for them in Java, which releases its carrier. On Java 17 to 20, where no virtual
 * threads exist, {@link #isCurrent()} is always {@code false}.
 */
final class VirtualThreads {

	private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

	private VirtualThreads() {
	}

	/** Whether the calling thread is a virtual thread. */
	static boolean isCurrent() {
		try {
			return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Thread.isVirtual() failed", ex);
		}
	}

	/**
	 * Runs the call on a new platform thread of this name and waits for it; the caller's carrier is
	 * free meanwhile. The call's exception is rethrown as it is.
	 */
	static <T> T callOnPlatformThread(String threadName, BlockingCall<T> call) throws PipeException {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(call.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, threadName);
		thread.setDaemon(true);
		thread.start();
		try {
			return result.join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof PipeException pipeException) {
				throw pipeException;
			}
			if (cause instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private static MethodHandle isVirtualHandle() {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			return lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			// Java 17 to 20: no thread is virtual
			return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
		}
	}

	/** A call that may block in native code. */
	@FunctionalInterface
	interface BlockingCall<T> {

		T call() throws PipeException;

	}

}
