package io.github.xpipe.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;
import org.springframework.core.annotation.AliasFor;
import org.springframework.messaging.handler.annotation.MessageMappingReflectiveProcessor;

/**
 * Marks a bean method as the listener of a declared inbound pipe: every message read from the pipe
 * invokes it once.
 *
 * <pre>{@code
 * @PipeListener("orders")
 * @SendTo("receipts")
 * Receipt handle(@Valid Order order, @Header(XPipeHeaders.RECEIVED_TIMESTAMP) long receivedAt) { ... }
 * }</pre>
 *
 * <p>Arguments are resolved like those of other spring-messaging handler methods: {@code byte[]}
 * (the payload as is), {@code String} (decoded with the pipe's charset), any other type (JSON,
 * through Jackson, when Jackson is on the classpath), {@code Message<?>}, {@code @Payload} (validated
 * with {@code @Valid} when the application has a {@code Validator} bean) and {@code @Header} with the
 * names in {@link io.github.xpipe.support.XPipeHeaders}. A non-null result is sent to the pipe named
 * by {@link org.springframework.messaging.handler.annotation.SendTo @SendTo}, with that pipe's framing.
 *
 * <p>An exception from the method goes to the {@link #errorHandler() error handler} and the next
 * message is delivered: messages are never redelivered.
 *
 * <p>Every attribute may be a {@code ${…}} property placeholder or a {@code #{…}} expression.
 * The annotation is repeatable, for one method reading several pipes; a pipe has at most one
 * listener per application.
 *
 * <p>Ahead-of-time processing makes annotated methods reflectively invocable in a native image, and
 * registers their payload and return types for binding, as for {@code @MessageMapping} methods.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(PipeListeners.class)
@Reflective(MessageMappingReflectiveProcessor.class)
public @interface PipeListener {

	/** The declared name of the pipe to read (a key of {@code xpipe.pipes}). Alias of {@link #pipe()}. */
	@AliasFor("pipe")
	String value() default "";

	/** The declared name of the pipe to read. Alias of {@link #value()}. */
	@AliasFor("value")
	String pipe() default "";

	/**
	 * The listener's id, unique in the application, used to start and stop it through the
	 * {@link io.github.xpipe.config.PipeListenerEndpointRegistry} and in log messages. Default:
	 * {@code <bean name>.<method name>}, with {@code #<n>} appended for the second and later pipes
	 * of a repeated annotation.
	 */
	String id() default "";

	/**
	 * Whether the listener starts with the application context ({@code "true"} or {@code "false"}).
	 * Default: the container factory's setting, which is true.
	 */
	String autoStartup() default "";

	/**
	 * The name of a {@link io.github.xpipe.listener.PipeListenerErrorHandler} bean for this
	 * listener. Default: the container factory's, which logs and goes on.
	 */
	String errorHandler() default "";

	/**
	 * How many threads invoke the method. With {@code 1} (the default) messages are handled one at a
	 * time, in the order they arrived. With more, one thread still reads and decodes the pipe, and
	 * hands the messages to that many threads: they are handled in parallel and in no particular
	 * order, so use it only when order does not matter.
	 */
	String concurrency() default "";

}
