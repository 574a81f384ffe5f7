/**
 * The binder's configuration properties: {@code spring.cloud.stream.xpipe.binder.*} and the pipe
 * settings of each binding, {@code spring.cloud.stream.xpipe.bindings.<binding>.consumer|producer.*}.
 */
@NullMarked
package io.github.xpipe.stream.binder.properties;

import org.jspecify.annotations.NullMarked;
