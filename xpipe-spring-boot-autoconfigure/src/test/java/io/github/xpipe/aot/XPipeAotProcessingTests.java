package io.github.xpipe.aot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.xpipe.annotation.PipeListener;
import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.javapoet.ClassName;
import org.springframework.messaging.handler.annotation.SendTo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration processed ahead of time, as {@code spring-boot:process-aot} processes an
 * application: the pipe beans become generated code, and the runtime hints cover JNA (through
 * {@code aot.factories}) and the {@code @PipeListener} methods.
 */
class XPipeAotProcessingTests {

	@Test
	void pipeBeansBecomeGeneratedCodeCallingTheFactoryMethod() throws IOException {
		InMemoryGeneratedFiles files = new InMemoryGeneratedFiles();
		process(files);
		String pipeDefinitions = source(files, "io/github/xpipe/autoconfigure/DeclaredPipes__BeanDefinitions.java");
		assertThat(pipeDefinitions).contains("DeclaredPipes.create(", "addIndexedArgumentValue(0, \"requests\")",
				"addIndexedArgumentValue(0, \"replies\")");
		String registrations = sourceEndingWith(files, "__BeanFactoryRegistrations.java");
		assertThat(registrations).contains("registerBeanDefinition(\"xpipe.pipes.requests\"",
				"registerBeanDefinition(\"xpipe.pipes.replies\"");
	}

	@Test
	void hintsCoverTheListenerMethodsItsPayloadsAndJna() throws Exception {
		RuntimeHints hints = process(new InMemoryGeneratedFiles());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "reply")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "audit")).accepts(hints);
		for (Class<?> bound : new Class<?>[] { Request.class, Reply.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(bound)).as(bound.getSimpleName()).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(bound, "text")).accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(Unbound.class)).rejects(hints);
		assertThat(RuntimeHintsPredicates.proxies()
			.forInterfaces(Class.forName("io.github.xpipe.pipe.posix.LibC$Variadic"))).accepts(hints);
	}

	private static RuntimeHints process(InMemoryGeneratedFiles files) {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("xpipe.pipes.requests.direction", "inbound");
			properties.put("xpipe.pipes.replies.direction", "outbound");
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
			AnnotationConfigUtils.registerAnnotationConfigProcessors(context);
			context.registerBean(ListenerConfiguration.class);
			DefaultGenerationContext generationContext = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get(ListenerConfiguration.class)), files);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
			generationContext.writeGeneratedContent();
			return generationContext.getRuntimeHints();
		}
	}

	private static String source(InMemoryGeneratedFiles files, String path) throws IOException {
		assertThat(files.getGeneratedFiles(Kind.SOURCE)).as("generated sources").containsKey(path);
		try (InputStream in = files.getGeneratedFiles(Kind.SOURCE).get(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String sourceEndingWith(InMemoryGeneratedFiles files, String suffix) throws IOException {
		String path = files.getGeneratedFiles(Kind.SOURCE)
			.keySet()
			.stream()
			.filter((name) -> name.endsWith(suffix))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no generated source ending with " + suffix));
		return source(files, path);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(XPipeAutoConfiguration.class)
	static class ListenerConfiguration {

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Listeners {

		@PipeListener("requests")
		@SendTo("replies")
		Reply reply(Request request) {
			return new Reply(request.text());
		}

		@PipeListener(value = "requests", id = "audit-1")
		@PipeListener(value = "more-requests", id = "audit-2")
		void audit(byte[] payload) {
		}

		void notAListener(Unbound unbound) {
		}

	}

	record Request(String text) {
	}

	record Reply(String text) {
	}

	record Unbound(String text) {
	}

}
