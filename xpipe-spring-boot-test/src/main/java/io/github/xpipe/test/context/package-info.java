/**
 * The Spring integration of xpipe's test support: in a Spring test marked {@link
 * io.github.xpipe.test.XPipeTest @XPipeTest}, each application context gets a private pipe
 * directory as {@code xpipe.base-dir} and a {@link io.github.xpipe.test.PipeTestClient} bean bound
 * to the application's declared pipes ({@link
 * io.github.xpipe.test.context.PipeTestClientConfiguration}).
 */
@NullMarked
package io.github.xpipe.test.context;

import org.jspecify.annotations.NullMarked;
