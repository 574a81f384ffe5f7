/**
 * Testing applications that use xpipe, with plain JUnit 5 and no Spring: {@link
 * io.github.xpipe.test.XPipeTest @XPipeTest} gives each test a private pipe directory ({@link
 * io.github.xpipe.test.PipeTestDirectory}), and a {@link io.github.xpipe.test.PipeTestClient} plays
 * the other process: it writes frames, good and bad, into the application's inbound pipes and awaits
 * what the application writes to its outbound ones. Nothing in this package needs Spring; the Spring
 * integration lives in {@code io.github.xpipe.test.context}.
 */
@NullMarked
package io.github.xpipe.test;

import org.jspecify.annotations.NullMarked;
