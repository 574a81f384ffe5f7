/**
 * The {@link io.github.xpipe.annotation.PipeListener @PipeListener} annotation and the bean post-processor that turns annotated methods into listener endpoints.
 */
@NullMarked
package io.github.xpipe.annotation;

import org.jspecify.annotations.NullMarked;
