/**
 * A Spring Cloud Stream application that knows no binder: it prices orders and answers each with
 * a receipt, whichever binder (xpipe's named pipes or Kafka) its classpath brings.
 */
@NullMarked
package io.github.xpipe.sample.stream;

import org.jspecify.annotations.NullMarked;
