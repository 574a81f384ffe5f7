/**
 * Actuator health of xpipe: the {@code xpipe} health component, one member per declared pipe.
 */
@NullMarked
package io.github.xpipe.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
