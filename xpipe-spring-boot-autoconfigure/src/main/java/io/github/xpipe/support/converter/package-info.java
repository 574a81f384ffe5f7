/**
 * Message converters between pipe payloads ({@code byte[]}) and listener arguments or template payloads.
 */
@NullMarked
package io.github.xpipe.support.converter;

import org.jspecify.annotations.NullMarked;
