/**
 * The inbound channel adapter: messages read from a pipe by a listener container, sent to a channel.
 */
@NullMarked
package io.github.xpipe.integration.inbound;

import org.jspecify.annotations.NullMarked;
