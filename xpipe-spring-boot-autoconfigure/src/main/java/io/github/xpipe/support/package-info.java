/**
 * Message headers and helpers shared by listeners and the template.
 */
@NullMarked
package io.github.xpipe.support;

import org.jspecify.annotations.NullMarked;
