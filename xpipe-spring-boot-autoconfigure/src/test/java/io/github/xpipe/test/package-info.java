/**
 * Test support: real peer processes, and fixtures the tests of several packages share.
 */
@NullMarked
package io.github.xpipe.test;

import org.jspecify.annotations.NullMarked;
