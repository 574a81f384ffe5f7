/**
 * Adapts an annotated method to a {@link io.github.xpipe.listener.MessageListener}, using spring-messaging's handler-method machinery.
 */
@NullMarked
package io.github.xpipe.listener.adapter;

import org.jspecify.annotations.NullMarked;
