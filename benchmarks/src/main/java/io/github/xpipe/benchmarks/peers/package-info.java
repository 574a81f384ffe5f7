/**
 * The Java peer processes (each a {@code main} taking a role: reader, writer, ping-pong server or
 * client) and what they share with the C and Python peers in this package's resources: the payload
 * pattern, the checksum, and the {@code READY} / {@code RESULT key=value ...} output protocol.
 */
package io.github.xpipe.benchmarks.peers;
