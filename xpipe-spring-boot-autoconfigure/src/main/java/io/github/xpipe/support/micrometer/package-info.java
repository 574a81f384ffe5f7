/**
 * Micrometer support: the {@code xpipe.listener} and {@code xpipe.template} observations (their
 * contexts and conventions) and the {@code xpipe.*} meters.
 */
@NullMarked
package io.github.xpipe.support.micrometer;

import org.jspecify.annotations.NullMarked;
