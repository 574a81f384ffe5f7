/**
 * Listener endpoints, the container factory that builds a container per endpoint, and the registry that owns and runs those containers.
 */
@NullMarked
package io.github.xpipe.config;

import org.jspecify.annotations.NullMarked;
