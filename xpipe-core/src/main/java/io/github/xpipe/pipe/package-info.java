/**
 * The plain-Java named-pipe API, usable without Spring: a {@link io.github.xpipe.pipe.NamedPipe}
 * you create and delete, and the {@link io.github.xpipe.pipe.ReadPipeEnd read} and
 * {@link io.github.xpipe.pipe.WritePipeEnd write} ends you open and close, all
 * {@link java.lang.AutoCloseable}. The operating system's side lives behind
 * {@link io.github.xpipe.pipe.spi.PipeBackend}: POSIX FIFOs in {@code io.github.xpipe.pipe.posix},
 * Windows named pipes in {@code io.github.xpipe.pipe.windows}.
 */
@NullMarked
package io.github.xpipe.pipe;

import org.jspecify.annotations.NullMarked;
