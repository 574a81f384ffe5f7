/**
 * Coverage-guided fuzz tests of the frame decoders (Jazzer).
 */
@NullMarked
package io.github.xpipe.codec.fuzz;

import org.jspecify.annotations.NullMarked;
