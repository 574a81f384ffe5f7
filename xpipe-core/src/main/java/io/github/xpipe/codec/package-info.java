/**
 * Frame codecs: the two wire framings xpipe speaks byte for byte with the Python named-pipe
 * libraries, {@link io.github.xpipe.codec.LengthCrc32Codec length-crc32} and
 * {@link io.github.xpipe.codec.Base64Codec base64}. Encoding is one call per frame; decoding is
 * streaming and linear in the bytes read. No Spring types here.
 */
@NullMarked
package io.github.xpipe.codec;

import org.jspecify.annotations.NullMarked;
