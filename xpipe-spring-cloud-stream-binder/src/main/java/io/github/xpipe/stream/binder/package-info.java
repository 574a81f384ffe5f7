/**
 * A Spring Cloud Stream binder on named pipes.
 *
 * <p>Functional beans ({@code Supplier}, {@code Function}, {@code Consumer}) are bound to pipes by
 * {@code spring.cloud.stream.bindings.<binding>.destination}: a pipe's name or path, provisioned
 * when the binding is created (see
 * {@link io.github.xpipe.stream.binder.provisioning.XPipeProvisioner XPipeProvisioner}). Each pipe's
 * framing, byte order, CRC and the rest are set per binding under
 * {@code spring.cloud.stream.xpipe.bindings.<binding>.consumer|producer.*}, with defaults for every
 * binding under {@code spring.cloud.stream.xpipe.default.consumer|producer.*}; they are the settings
 * of {@code xpipe.pipes.<name>}, with the same defaults.
 *
 * <h2>Headers across a pipe</h2>
 *
 * <p>By default a pipe carries payloads only: each message is one frame whose data is the message's
 * payload bytes, as a Python peer writes and reads them. Headers cross a pipe only when both ends
 * ask for it, a Java producer with {@code spring.cloud.stream.bindings.<binding>.producer.header-mode:
 * embedded-headers} and a Java consumer with {@code ...consumer.header-mode: embedded-headers}.
 * The producer then writes, as the frame's data, Spring Cloud Stream's embedded-headers envelope
 * ({@link org.springframework.cloud.stream.binder.EmbeddedHeaderUtils EmbeddedHeaderUtils}):
 *
 * <pre>
 * offset  size  content
 * 0       1     0xff                      marks the envelope
 * 1       1     n                         number of headers that follow (0..255)
 *               n times:
 *         1       k                       length of the header's name in bytes (1..255)
 *         k       name                    the name, UTF-8
 *         4       v                       length of the value in bytes, big-endian unsigned
 *         v       value                   the value as JSON, UTF-8 (a String is "quoted")
 * ...     rest  payload                   the message's payload bytes, unchanged
 * </pre>
 *
 * <p>For example {@code contentType: text/plain} and the payload {@code hi} make the 32 bytes
 * {@code ff 01 0b "contentType" 00 00 00 0c "\"text/plain\"" "hi"}. A header without a value is
 * left out. The headers carried are Spring Cloud Stream's standard ones ({@code correlationId},
 * {@code sequenceSize}, {@code sequenceNumber}, {@code contentType}) and those of
 * {@code spring.cloud.stream.xpipe.binder.headers}, by default {@code traceparent},
 * {@code tracestate} and {@code b3}, the trace context: with
 * {@code spring.cloud.stream.xpipe.binder.observation-enabled} on both ends, the consumer's
 * observation continues the trace the producer's started. The consumer takes the headers out
 * before anything else sees the message; a payload that does not start with 0xff, or does not
 * parse as an envelope, is passed on as it is.
 */
@NullMarked
package io.github.xpipe.stream.binder;

import org.jspecify.annotations.NullMarked;
