/**
 * Spring Boot auto-configuration for xpipe: {@code xpipe.*} properties, declared pipes, listeners and the template.
 */
@NullMarked
package io.github.xpipe.autoconfigure;

import org.jspecify.annotations.NullMarked;
