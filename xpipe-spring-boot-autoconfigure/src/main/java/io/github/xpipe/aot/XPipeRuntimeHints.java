package io.github.xpipe.aot;

import io.github.xpipe.pipe.spi.PipeBackends;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * The {@link RuntimeHintsRegistrar} of xpipe, registered in {@code META-INF/spring/aot.factories}:
 * what a native image needs to call the operating system through JNA, the way the pipe backend of
 * the operating system the image is built on calls it (a native image runs on the kind of system
 * it was built on):
 * <ul>
 * <li>JNA's own needs ({@link JnaRuntimeHints}): the classes its native library reaches through
 * JNI, its proxies and its native library for this platform;</li>
 * <li>the backend's bindings ({@link JnaBindingHints}): every JNA library interface and
 * direct-mapped class of the backend, and the structures, callbacks and by-reference types their
 * functions take and return.</li>
 * </ul>
 * The methods of {@link io.github.xpipe.annotation.PipeListener @PipeListener} beans get their hints
 * from the annotation itself, as {@code @MessageMapping} methods do: the method is invoked
 * reflectively, and its payload and return types are bound to and from JSON. The frame codecs use
 * no reflection, and the message converters reflect only on those payload types (and on what the
 * application passes to {@code convertAndSend}, which it registers itself, e.g. with
 * {@code @RegisterReflectionForBinding}). The configuration properties get their hints from Spring
 * Boot, as every {@code @ConfigurationProperties} class does.
 */
public class XPipeRuntimeHints implements RuntimeHintsRegistrar {

	/** The package of the Linux and macOS backend. */
	static final String POSIX_BACKEND = "io.github.xpipe.pipe.posix";

	/** The package of the Windows backend. */
	static final String WINDOWS_BACKEND = "io.github.xpipe.pipe.windows";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		registerHints(hints, classLoader, PipeBackends.isWindows() ? WINDOWS_BACKEND : POSIX_BACKEND);
	}

	/** Registers the hints of JNA and of the backend in this package. */
	void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader, String backendPackage) {
		ClassLoader loader = (classLoader != null) ? classLoader : ClassUtils.getDefaultClassLoader();
		if (!ClassUtils.isPresent("com.sun.jna.Native", loader)) {
			return;
		}
		JnaRuntimeHints.register(hints);
		JnaBindingHints.register(hints, JnaBindingHints.findBindings(backendPackage, loader));
	}

}
