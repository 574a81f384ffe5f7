/**
 * Listener containers: one reading thread per pipe that decodes frames and dispatches messages, plus the error-handling contract.
 */
@NullMarked
package io.github.xpipe.listener;

import org.jspecify.annotations.NullMarked;
