package io.github.xpipe.stream.binder.aot;

import java.beans.PropertyDescriptor;
import java.lang.reflect.Method;
import java.util.List;

import io.github.xpipe.stream.binder.properties.XPipeBindingProperties;
import io.github.xpipe.stream.binder.properties.XPipeConsumerProperties;
import io.github.xpipe.stream.binder.properties.XPipeExtendedBindingProperties;
import io.github.xpipe.stream.binder.properties.XPipeProducerProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.BeanUtils;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints that the binder's {@code META-INF/spring/aot.factories} give a native image: Spring
 * Cloud Stream can create each binding's xpipe settings and bind every one of their properties, the
 * inherited pipe settings as well as the binder's own ones.
 */
class XPipeBinderRuntimeHintsTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	private static final ClassLoader classLoader = XPipeBinderRuntimeHintsTests.class.getClassLoader();

	private final RuntimeHints hints = new RuntimeHints();

	@BeforeEach
	void registerTheHintsOfTheBinderJar() {
		SpringFactoriesLoader
			.forResourceLocation("META-INF/spring/aot.factories", XPipeBinderRuntimeHints.class.getClassLoader())
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(this.hints, classLoader));
	}

	@Test
	void isRegisteredInAotFactories() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories", classLoader)
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(XPipeBinderRuntimeHints.class);
	}

	@Test
	void theSettingsOfEachBindingCanBeCreated() throws Exception {
		Class<?> entry = new XPipeExtendedBindingProperties().getExtendedPropertiesEntryClass();
		assertThat(entry).isEqualTo(XPipeBindingProperties.class);
		for (Class<?> type : List.of(entry, XPipeConsumerProperties.class, XPipeProducerProperties.class)) {
			assertThat(reflection.onConstructorInvocation(type.getConstructor())).as("%s()", type.getName())
				.accepts(this.hints);
		}
	}

	@Test
	void everyPropertyOfABindingsSettingsCanBeBound() {
		for (Class<?> type : List.of(XPipeBindingProperties.class, XPipeConsumerProperties.class,
				XPipeProducerProperties.class)) {
			List<PropertyDescriptor> properties = List.of(BeanUtils.getPropertyDescriptors(type))
				.stream()
				.filter((property) -> property.getWriteMethod() != null)
				.toList();
			assertThat(properties).as("settable properties of %s", type.getName()).isNotEmpty();
			for (PropertyDescriptor property : properties) {
				Method setter = property.getWriteMethod();
				assertThat(invocable(type, setter)).as("%s: %s", type.getName(), setter).isTrue();
				Method getter = property.getReadMethod();
				if (getter != null) {
					assertThat(invocable(type, getter)).as("%s: %s", type.getName(), getter).isTrue();
				}
			}
		}
	}

	/**
	 * Whether the method can be invoked in a native image the way properties are bound: by a hint
	 * on the method of this signature declared by the type or by one of its superclasses (invoking
	 * the superclass's method runs the override).
	 */
	private boolean invocable(Class<?> type, Method method) {
		for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
			try {
				Method declared = declaring.getDeclaredMethod(method.getName(), method.getParameterTypes());
				if (reflection.onMethodInvocation(declared).test(this.hints)) {
					return true;
				}
			}
			catch (NoSuchMethodException ex) {
				// declared higher up
			}
		}
		return false;
	}

	@Test
	void theBindersOwnProducerSettingIsAmongThem() throws Exception {
		assertThat(reflection.onMethodInvocation(XPipeProducerProperties.class.getMethod("setSync", boolean.class)))
			.accepts(this.hints);
	}

}
