/**
 * The POSIX {@link io.github.xpipe.pipe.spi.PipeBackend}: named pipes as FIFOs on Linux and macOS,
 * through libc called with JNA. Reached only through {@link io.github.xpipe.pipe.posix.PosixPipeBackend},
 * so no class here is loaded on Windows.
 */
@NullMarked
package io.github.xpipe.pipe.posix;

import org.jspecify.annotations.NullMarked;
