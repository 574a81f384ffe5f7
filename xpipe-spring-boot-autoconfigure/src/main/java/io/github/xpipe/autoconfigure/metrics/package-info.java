/**
 * Micrometer metrics of xpipe: the {@code xpipe.*} counters.
 */
@NullMarked
package io.github.xpipe.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
