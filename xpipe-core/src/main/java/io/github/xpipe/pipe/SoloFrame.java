package io.github.xpipe.pipe;

/**
 * A frame over the batch capacity, handed to the sender thread of a write end to be written on its
 * own: the payload (a copy, unless its sender waits for the write), the part of it to send, the
 * encoded length, and who waits for it.
 */
record SoloFrame(byte[] payload, int offset, int length, int frameLength, FrameCompletion completion) {
}
