/**
 * Fault injection, hostile input and attacks on real FIFOs and processes, with a report of figures.
 */
@NullMarked
package io.github.xpipe.hardening;

import org.jspecify.annotations.NullMarked;
