/**
 * The Java DSL of the pipe channel adapters: start from {@link io.github.xpipe.integration.dsl.XPipe}.
 */
@NullMarked
package io.github.xpipe.integration.dsl;

import org.jspecify.annotations.NullMarked;
