package io.github.xpipe.aot;

import java.util.List;

import com.sun.jna.ptr.IntByReference;
import io.github.xpipe.aot.fixtures.JnaFixtures;
import io.github.xpipe.aot.fixtures.JnaFixtures.Event;
import io.github.xpipe.aot.fixtures.JnaFixtures.FixtureDirect;
import io.github.xpipe.aot.fixtures.JnaFixtures.FixtureLibrary;
import io.github.xpipe.aot.fixtures.JnaFixtures.Handle;
import io.github.xpipe.aot.fixtures.JnaFixtures.Inner;
import io.github.xpipe.aot.fixtures.JnaFixtures.Listener;
import io.github.xpipe.aot.fixtures.JnaFixtures.Outer;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link JnaBindingHints}: what a binding of each kind, and each type it reaches, is given. */
class JnaBindingHintsTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void findsTheLibraryInterfacesAndDirectMappedClassesOfAPackage() {
		assertThat(JnaBindingHints.findBindings(JnaFixtures.class.getPackageName(), getClass().getClassLoader()))
			.containsExactlyInAnyOrder(FixtureLibrary.class, FixtureDirect.class);
	}

	@Test
	void libraryInterfaceIsAProxyWithReflectiveMethods() {
		JnaBindingHints.register(this.hints, List.of(FixtureLibrary.class));
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(FixtureLibrary.class)).accepts(this.hints);
		assertThat(reflection.onType(FixtureLibrary.class).withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS))
			.accepts(this.hints);
		assertThat(reflection.onMethodInvocation(FixtureLibrary.class, "fill")).accepts(this.hints);
	}

	@Test
	void directMappedClassHasItsNativeMethodsReflectiveAndBoundThroughJni() throws Exception {
		JnaBindingHints.register(this.hints, List.of(FixtureDirect.class));
		assertThat(reflection.onMethodInvocation(FixtureDirect.class.getMethod("open", byte[].class))).accepts(this.hints);
		TypeHint jni = this.hints.jni().getTypeHint(FixtureDirect.class);
		assertThat(jni).isNotNull();
		assertThat(jni.getMemberCategories()).contains(MemberCategory.INVOKE_DECLARED_METHODS);
		assertThat(reflection.onConstructorInvocation(Handle.class.getConstructor())).as("its return type")
			.accepts(this.hints);
	}

	@Test
	void structuresHaveTheirFieldsAndConstructorsFollowingNestedStructures() throws Exception {
		JnaBindingHints.register(this.hints, List.of(FixtureLibrary.class));
		for (Class<?> structure : List.of(Outer.class, Inner.class, Event.class)) {
			assertThat(reflection.onType(structure)
				.withMemberCategories(MemberCategory.ACCESS_PUBLIC_FIELDS, MemberCategory.ACCESS_DECLARED_FIELDS,
						MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
				.as(structure.getSimpleName())
				.accepts(this.hints);
		}
		assertThat(reflection.onFieldAccess(Outer.class.getField("inner"))).accepts(this.hints);
		assertThat(reflection.onFieldAccess(Inner.class.getField("value"))).accepts(this.hints);
	}

	@Test
	void callbacksAreProxiesWithReflectiveMethods() {
		JnaBindingHints.register(this.hints, List.of(FixtureLibrary.class));
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(Listener.class)).accepts(this.hints);
		assertThat(reflection.onMethodInvocation(Listener.class, "invoke")).accepts(this.hints);
	}

	@Test
	void mappedAndByReferenceTypesCanBeInstantiated() throws Exception {
		JnaBindingHints.register(this.hints, List.of(FixtureLibrary.class));
		assertThat(reflection.onConstructorInvocation(Handle.class.getConstructor())).accepts(this.hints);
		assertThat(reflection.onConstructorInvocation(IntByReference.class.getConstructor())).accepts(this.hints);
	}

	@Test
	void nothingElseIsRegistered() {
		JnaBindingHints.register(this.hints, List.of(FixtureLibrary.class, FixtureDirect.class));
		assertThat(reflection.onType(JnaFixtures.Unrelated.class)).rejects(this.hints);
		assertThat(reflection.onType(String.class)).rejects(this.hints);
		assertThat(this.hints.reflection().typeHints().map(TypeHint::getType)).containsExactlyInAnyOrder(
				TypeReference.of(FixtureLibrary.class), TypeReference.of(FixtureDirect.class),
				TypeReference.of(Outer.class), TypeReference.of(Inner.class), TypeReference.of(Handle.class),
				TypeReference.of(Listener.class), TypeReference.of(Event.class), TypeReference.of(IntByReference.class));
	}

}
