/**
 * What the tests of the channel adapters share.
 */
@NullMarked
package io.github.xpipe.integration.test;

import org.jspecify.annotations.NullMarked;
