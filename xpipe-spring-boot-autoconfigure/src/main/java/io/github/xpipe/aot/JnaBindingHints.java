package io.github.xpipe.aot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.NativeMapped;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByReference;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.util.ClassUtils;

/**
 * The hints of a pipe backend's JNA bindings: each library interface ({@code Native.load}) is a
 * proxy whose methods JNA reads reflectively; each direct-mapped class ({@code Native.register})
 * has its native methods read reflectively and bound through JNI. Every type their functions take
 * or return that JNA builds or fills reflectively is registered too, following structure fields
 * to the structures they contain:
 * <ul>
 * <li>a {@link Structure}: its fields (read and written by name) and constructors;</li>
 * <li>a {@link Callback}: a proxy when native code hands one back, and its methods;</li>
 * <li>a {@link NativeMapped} type (e.g. a {@code HANDLE}) or a {@link ByReference}: its
 * constructors.</li>
 * </ul>
 */
final class JnaBindingHints {

	private JnaBindingHints() {
	}

	/**
	 * The JNA bindings among the classes of this package and its subpackages: library interfaces
	 * and classes with native methods. Classes are loaded, never initialised.
	 */
	static List<Class<?>> findBindings(String packageName, @Nullable ClassLoader classLoader) {
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
		MetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
		List<Class<?>> bindings = new ArrayList<>();
		try {
			String pattern = "classpath*:" + ClassUtils.convertClassNameToResourcePath(packageName) + "/**/*.class";
			for (Resource resource : resolver.getResources(pattern)) {
				String className = readers.getMetadataReader(resource).getClassMetadata().getClassName();
				Class<?> type = ClassUtils.resolveClassName(className, classLoader);
				if (isBinding(type)) {
					bindings.add(type);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list the classes of " + packageName, ex);
		}
		return bindings;
	}

	static boolean isBinding(Class<?> type) {
		return (type.isInterface() && Library.class.isAssignableFrom(type)) || !nativeMethods(type).isEmpty();
	}

	static void register(RuntimeHints hints, List<Class<?>> bindings) {
		Set<Class<?>> visited = new HashSet<>();
		for (Class<?> binding : bindings) {
			if (binding.isInterface()) {
				hints.proxies().registerJdkProxy(binding);
				hints.reflection().registerType(binding, MemberCategory.INVOKE_PUBLIC_METHODS);
				// functions it inherits (e.g. from jna-platform's Kernel32 and the interfaces that extends) too
				for (Method function : binding.getMethods()) {
					hints.reflection().registerType(function.getDeclaringClass(), MemberCategory.INVOKE_PUBLIC_METHODS);
				}
				for (Method function : binding.getMethods()) {
					registerSignature(hints, function, visited);
				}
			}
			else {
				hints.reflection().registerType(binding, MemberCategory.INVOKE_PUBLIC_METHODS,
						MemberCategory.INVOKE_DECLARED_METHODS);
				hints.jni().registerType(binding, MemberCategory.INVOKE_PUBLIC_METHODS,
						MemberCategory.INVOKE_DECLARED_METHODS);
				for (Method function : nativeMethods(binding)) {
					registerSignature(hints, function, visited);
				}
			}
		}
	}

	private static List<Method> nativeMethods(Class<?> type) {
		return Arrays.stream(type.getDeclaredMethods()).filter((method) -> Modifier.isNative(method.getModifiers())).toList();
	}

	private static void registerSignature(RuntimeHints hints, Method function, Set<Class<?>> visited) {
		registerType(hints, function.getReturnType(), visited);
		for (Class<?> parameterType : function.getParameterTypes()) {
			registerType(hints, parameterType, visited);
		}
	}

	private static void registerType(RuntimeHints hints, Class<?> type, Set<Class<?>> visited) {
		Class<?> element = type;
		while (element.isArray()) {
			element = element.getComponentType();
		}
		if (element.isPrimitive() || !visited.add(element)) {
			return;
		}
		if (Structure.class.isAssignableFrom(element)) {
			hints.reflection().registerType(element, MemberCategory.ACCESS_PUBLIC_FIELDS,
					MemberCategory.ACCESS_DECLARED_FIELDS, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
					MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
			for (Field field : element.getFields()) {
				if (!Modifier.isStatic(field.getModifiers())) {
					registerType(hints, field.getType(), visited);
				}
			}
		}
		else if (Callback.class.isAssignableFrom(element) && element.isInterface()) {
			hints.proxies().registerJdkProxy(element);
			hints.reflection().registerType(element, MemberCategory.INVOKE_PUBLIC_METHODS);
			for (Method method : element.getMethods()) {
				registerSignature(hints, method, visited);
			}
		}
		else if (NativeMapped.class.isAssignableFrom(element) || ByReference.class.isAssignableFrom(element)) {
			hints.reflection().registerType(element, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
					MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		}
	}

}
