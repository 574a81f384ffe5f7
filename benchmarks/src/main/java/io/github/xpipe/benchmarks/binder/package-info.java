/**
 * The Spring Cloud Stream applications of the binder benchmark: a {@code Consumer} and an echo
 * {@code Function} bound to pipes by the xpipe binder, per message or in batch mode, configured
 * through {@code spring.cloud.stream.*} properties as a user's application would be.
 */
package io.github.xpipe.benchmarks.binder;
