package io.github.xpipe.aot;

import java.util.List;

import com.sun.jna.Platform;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;

/**
 * What JNA itself needs in a native image, as far as its own GraalVM support documents it: the
 * classes its native library ({@code jnidispatch}) reaches through JNI, the classes it loads
 * reflectively, the proxies of its {@code Library} and {@code Callback} interfaces, and its native
 * library for the platform the image is built on, which it extracts from its jar at run time.
 */
final class JnaRuntimeHints {

	/** The classes {@code jnidispatch} finds, calls back or reads fields of through JNI. */
	static final List<String> JNI_TYPES = List.of("com.sun.jna.Callback", "com.sun.jna.CallbackReference",
			"com.sun.jna.CallbackReference$AttachOptions", "com.sun.jna.FromNativeConverter", "com.sun.jna.IntegerType",
			"com.sun.jna.JNIEnv", "com.sun.jna.Native", "com.sun.jna.Native$ffi_callback", "com.sun.jna.NativeLong",
			"com.sun.jna.NativeMapped", "com.sun.jna.Pointer", "com.sun.jna.PointerType", "com.sun.jna.Structure",
			"com.sun.jna.Structure$ByValue", "com.sun.jna.Structure$FFIType", "com.sun.jna.Structure$FFIType$FFITypes",
			"com.sun.jna.ToNativeConverter", "com.sun.jna.WString", "com.sun.jna.ptr.PointerByReference");

	/** The classes JNA looks up or instantiates reflectively. */
	static final List<String> REFLECTIVE_TYPES = List.of("com.sun.jna.CallbackProxy", "com.sun.jna.CallbackReference",
			"com.sun.jna.Klass", "com.sun.jna.Native", "com.sun.jna.NativeLong", "com.sun.jna.Structure",
			"com.sun.jna.ptr.IntByReference", "com.sun.jna.ptr.PointerByReference");

	/** The interfaces JNA makes proxies of: libraries, and callbacks received from native code. */
	static final List<String> PROXY_TYPES = List.of("com.sun.jna.Library", "com.sun.jna.Callback");

	private JnaRuntimeHints() {
	}

	static void register(RuntimeHints hints) {
		for (String type : JNI_TYPES) {
			hints.jni().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
					MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
		}
		for (String type : REFLECTIVE_TYPES) {
			hints.reflection().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		}
		for (String type : PROXY_TYPES) {
			hints.proxies().registerJdkProxy(TypeReference.of(type));
		}
		hints.resources().registerPattern(nativeLibraryPattern());
	}

	/** Where JNA's jar keeps its native library for this platform, e.g. {@code com/sun/jna/linux-x86-64/libjnidispatch.so}. */
	static String nativeLibraryPattern() {
		return "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/*jnidispatch*";
	}

}
