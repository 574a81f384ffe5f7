/**
 * The end-to-end benchmark: {@link io.github.xpipe.benchmarks.BenchmarkMain} runs each system's
 * peers as separate processes over real FIFOs (or a Unix-domain socket), interleaving runs, and
 * reports medians with their spread as a table and as JSON.
 */
package io.github.xpipe.benchmarks;
