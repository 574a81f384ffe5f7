/**
 * Application events of xpipe: writers connecting to and disconnecting from a pipe, listeners
 * idling, frames rejected. Listen with {@code @EventListener}.
 */
@NullMarked
package io.github.xpipe.event;

import org.jspecify.annotations.NullMarked;
