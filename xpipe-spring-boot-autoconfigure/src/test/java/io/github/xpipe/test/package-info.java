/**
 * Test support: real peer processes.
 */
@NullMarked
package io.github.xpipe.test;

import org.jspecify.annotations.NullMarked;
