package io.github.xpipe.stream.binder;

import java.util.Locale;
import java.util.function.Function;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The binder tests' application: one function, {@code uppercase}, bound by the tests' properties. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class UppercaseApp {

	@Bean
	Function<String, String> uppercase() {
		return (text) -> text.toUpperCase(Locale.ROOT);
	}

}
