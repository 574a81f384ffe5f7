/**
 * Provisioning of the binder's destinations: each binding's pipe, provisioned through xpipe's
 * {@link io.github.xpipe.core.PipeRegistry PipeRegistry}.
 */
@NullMarked
package io.github.xpipe.stream.binder.provisioning;

import org.jspecify.annotations.NullMarked;
