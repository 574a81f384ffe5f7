/**
 * A runnable demo of the xpipe starter.
 */
@NullMarked
package io.github.xpipe.sample;

import org.jspecify.annotations.NullMarked;
