package io.github.xpipe.test;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link XPipeTest @XPipeTest}: resolves {@link PipeTestDirectory}
 * parameters. A directory belongs to the extension context it is first asked for in, and is deleted
 * when that context ends. Asked for by a {@code @BeforeAll} method, it is the test class's: every
 * test of the class gets that one, and it goes after the {@code @AfterAll} methods. Otherwise a
 * test method, its {@code @BeforeEach} and {@code @AfterEach} methods (and the constructor of a
 * per-method test instance) share a directory of the test's own, gone after its {@code @AfterEach}
 * methods.
 *
 * <p>A parameter annotated with Spring's {@code @Autowired} is left to Spring: in a Spring test it is
 * the application context's directory. Safe for parallel test execution: every directory is
 * distinct.
 */
public final class PipeTestExtension implements ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(PipeTestExtension.class);

	private static final String AUTOWIRED = "org.springframework.beans.factory.annotation.Autowired";

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == PipeTestDirectory.class
				&& !isAutowired(parameterContext.getParameter().getAnnotations());
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return directory(extensionContext);
	}

	/** The directory of this extension context, created on first use and deleted when the context ends. */
	static PipeTestDirectory directory(ExtensionContext context) {
		return context.getStore(NAMESPACE)
			.computeIfAbsent(PipeTestDirectory.class, (key) -> PipeTestDirectory.create(label(context)),
					PipeTestDirectory.class);
	}

	private static String label(ExtensionContext context) {
		String method = context.getTestMethod().map((m) -> "." + m.getName()).orElse("");
		return context.getTestClass().map(Class::getSimpleName).orElse("test") + method;
	}

	private static boolean isAutowired(Annotation[] annotations) {
		for (Annotation annotation : annotations) {
			if (annotation.annotationType().getName().equals(AUTOWIRED)) {
				return true;
			}
		}
		return false;
	}

}
