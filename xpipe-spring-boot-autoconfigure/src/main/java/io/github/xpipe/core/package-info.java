/**
 * Pipes as lifecycle-managed beans, and {@link io.github.xpipe.core.XPipeTemplate}, the way to send messages.
 */
@NullMarked
package io.github.xpipe.core;

import org.jspecify.annotations.NullMarked;
