package io.github.xpipe.pipe.spi;

/**
 * An {@link InputSink} that knows, per connection, how many more bytes complete the message it is
 * in the middle of. An input may then read a large message's rest in fewer, larger reads: those
 * bytes belong to one message the reader holds in full anyway, so reading them at once adds no
 * other message to what is in flight.
 */
public interface MessageSizedSink extends InputSink {

	/**
	 * Bytes still missing from the message of {@code connectionId} whose length is already known;
	 * 0 between messages, before a length is known, or for an unknown connection.
	 */
	long missingMessageBytes(long connectionId);

}
