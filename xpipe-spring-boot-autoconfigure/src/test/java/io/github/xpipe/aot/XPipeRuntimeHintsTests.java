package io.github.xpipe.aot;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import io.github.xpipe.pipe.spi.PipeBackends;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link XPipeRuntimeHints} on the real backends of xpipe-core: the POSIX one and, as it would be
 * registered when an image is built on Windows, the Windows one.
 */
class XPipeRuntimeHintsTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private static final ClassLoader classLoader = XPipeRuntimeHintsTests.class.getClassLoader();

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void isRegisteredInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories", classLoader)
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(XPipeRuntimeHints.class);
	}

	@Test
	void posixBackendLibcIsDirectMappedThroughJniAndReflection() throws Exception {
		new XPipeRuntimeHints().registerHints(this.hints, classLoader, XPipeRuntimeHints.POSIX_BACKEND);
		for (String name : List.of("io.github.xpipe.pipe.posix.LibC", "io.github.xpipe.pipe.posix.LibC$Lp64")) {
			Class<?> directMapped = ClassUtils.forName(name, classLoader);
			List<Method> natives = Arrays.stream(directMapped.getDeclaredMethods())
				.filter((method) -> Modifier.isNative(method.getModifiers()))
				.toList();
			assertThat(natives).as("native methods of %s", name).isNotEmpty();
			for (Method method : natives) {
				assertThat(reflection.onMethodInvocation(method)).as(method.toString()).accepts(this.hints);
			}
			TypeHint jni = this.hints.jni().getTypeHint(directMapped);
			assertThat(jni).as("JNI hint of %s", name).isNotNull();
			assertThat(jni.getMemberCategories()).contains(MemberCategory.INVOKE_DECLARED_METHODS);
		}
		assertThat(reflection.onConstructorInvocation(NativeLong.class.getConstructor(long.class))).accepts(this.hints);
	}

	@Test
	void posixBackendVariadicFunctionsAreALibraryProxy() throws Exception {
		new XPipeRuntimeHints().registerHints(this.hints, classLoader, XPipeRuntimeHints.POSIX_BACKEND);
		Class<?> variadic = ClassUtils.forName("io.github.xpipe.pipe.posix.LibC$Variadic", classLoader);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(variadic)).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(variadic, "open")).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(variadic, "fcntl")).accepts(this.hints);
	}

	@Test
	void windowsBackendLibrariesAreProxiesWithTheirStructuresAndReferences() {
		new XPipeRuntimeHints().registerHints(this.hints, classLoader, XPipeRuntimeHints.WINDOWS_BACKEND);
		List<Class<?>> libraries = JnaBindingHints.findBindings(XPipeRuntimeHints.WINDOWS_BACKEND, classLoader);
		assertThat(libraries).as("the Windows backend's JNA libraries").isNotEmpty().allMatch(Library.class::isAssignableFrom);
		for (Class<?> library : libraries) {
			assertThat(RuntimeHintsPredicates.proxies().forInterfaces(library)).as(library.getName()).accepts(this.hints);
			for (Method function : library.getMethods()) {
				assertThat(reflection.onMethodInvocation(function)).as(function.toString()).accepts(this.hints);
				for (Class<?> parameter : function.getParameterTypes()) {
					if (Structure.class.isAssignableFrom(parameter)) {
						assertThat(reflection.onType(parameter)
							.withMemberCategories(MemberCategory.ACCESS_PUBLIC_FIELDS,
									MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
							.as("structure %s of %s", parameter.getName(), function)
							.accepts(this.hints);
					}
				}
			}
		}
		assertThat(reflection.onType(IntByReference.class).withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS))
			.accepts(this.hints);
	}

	@Test
	void jnaItselfReachesItsClassesThroughJniAndReflectionAndLoadsItsLibrary() {
		new XPipeRuntimeHints().registerHints(this.hints, classLoader, XPipeRuntimeHints.POSIX_BACKEND);
		for (String type : JnaRuntimeHints.JNI_TYPES) {
			TypeHint jni = this.hints.jni().getTypeHint(TypeReference.of(type));
			assertThat(jni).as("JNI hint of %s", type).isNotNull();
			assertThat(jni.getMemberCategories()).contains(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
					MemberCategory.INVOKE_DECLARED_METHODS, MemberCategory.ACCESS_DECLARED_FIELDS);
			assertThat(ClassUtils.isPresent(type, classLoader)).as("%s exists in this JNA", type).isTrue();
		}
		for (String type : JnaRuntimeHints.REFLECTIVE_TYPES) {
			assertThat(reflection.onType(TypeReference.of(type))).as(type).accepts(this.hints);
			assertThat(ClassUtils.isPresent(type, classLoader)).as("%s exists in this JNA", type).isTrue();
		}
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Library.class)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(com.sun.jna.Callback.class)).accepts(this.hints);
		String library = "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch");
		assertThat(classLoader.getResource(library)).as("JNA's native library in its jar").isNotNull();
		assertThat(RuntimeHintsPredicates.resource().forResource(library)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("com/sun/jna/win32-x86-64/jnidispatch.dll"))
			.as("another platform's library").rejects(this.hints);
	}

	@Test
	void registersTheBackendOfTheOperatingSystemItRunsOn() throws Exception {
		new XPipeRuntimeHints().registerHints(this.hints, classLoader);
		String own = PipeBackends.isWindows() ? XPipeRuntimeHints.WINDOWS_BACKEND : XPipeRuntimeHints.POSIX_BACKEND;
		String other = PipeBackends.isWindows() ? XPipeRuntimeHints.POSIX_BACKEND : XPipeRuntimeHints.WINDOWS_BACKEND;
		for (Class<?> binding : JnaBindingHints.findBindings(own, classLoader)) {
			assertThat(reflection.onType(binding)).as(binding.getName()).accepts(this.hints);
		}
		for (Class<?> binding : JnaBindingHints.findBindings(other, classLoader)) {
			assertThat(reflection.onType(binding)).as(binding.getName()).rejects(this.hints);
		}
	}

}
