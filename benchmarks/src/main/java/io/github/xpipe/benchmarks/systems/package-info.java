/**
 * The systems measured side by side, one {@link io.github.xpipe.benchmarks.systems.SystemUnderTest}
 * each: xpipe's plain API and starter, the C reference, the Python peer, a Java Unix-domain socket.
 */
package io.github.xpipe.benchmarks.systems;
