/**
 * The two Spring Boot applications of the starter benchmark: one sends with {@code XPipeTemplate},
 * the other receives with {@code @PipeListener(byte[])}, each configured through
 * {@code xpipe.pipes.*} properties as a user's application would be.
 */
package io.github.xpipe.benchmarks.starter;
