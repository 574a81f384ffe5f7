/**
 * Windows named pipes: {@link io.github.xpipe.pipe.windows.WindowsPipeBackend} over overlapped
 * Win32 I/O, behind a narrow call interface so the state machines can be tested on any OS.
 */
@NullMarked
package io.github.xpipe.pipe.windows;

import org.jspecify.annotations.NullMarked;
