/**
 * Ahead-of-time processing and GraalVM native images: the runtime hints of the binder.
 */
@NullMarked
package io.github.xpipe.stream.binder.aot;

import org.jspecify.annotations.NullMarked;
