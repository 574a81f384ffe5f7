/**
 * The outbound channel adapter: a message handler that writes each message to a pipe through the template.
 */
@NullMarked
package io.github.xpipe.integration.outbound;

import org.jspecify.annotations.NullMarked;
