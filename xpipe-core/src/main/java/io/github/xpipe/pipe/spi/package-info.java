/**
 * The seam between the plain-Java API and an operating system: one {@link
 * io.github.xpipe.pipe.spi.PipeBackend} per platform, chosen by {@link
 * io.github.xpipe.pipe.spi.PipeBackends#current()}. Backends move bytes; framing, connection
 * bookkeeping and message delivery live above them, in {@code io.github.xpipe.pipe}.
 */
@NullMarked
package io.github.xpipe.pipe.spi;

import org.jspecify.annotations.NullMarked;
