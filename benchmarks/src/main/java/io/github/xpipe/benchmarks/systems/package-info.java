/**
 * The systems measured side by side, one {@link io.github.xpipe.benchmarks.systems.SystemUnderTest}
 * each: xpipe's plain API and starter, the C reference, the Python peer, a Java Unix-domain socket;
 * and the request/reply services ({@link io.github.xpipe.benchmarks.systems.ServiceSystem}): the
 * sample app, a C and a naive Python echo service, with C direct as their bound.
 */
package io.github.xpipe.benchmarks.systems;
