/**
 * The configuration of the xpipe binder, in Spring Cloud Stream's binder context.
 */
@NullMarked
package io.github.xpipe.stream.binder.config;

import org.jspecify.annotations.NullMarked;
