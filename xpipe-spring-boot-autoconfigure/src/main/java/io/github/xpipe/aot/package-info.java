/**
 * Ahead-of-time processing and GraalVM native images: the runtime hints of xpipe and of the JNA
 * bindings of its pipe backends.
 */
@NullMarked
package io.github.xpipe.aot;

import org.jspecify.annotations.NullMarked;
