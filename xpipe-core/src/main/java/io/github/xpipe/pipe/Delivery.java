package io.github.xpipe.pipe;

/** How a sender of a {@link WritePipeEnd} wants its frame sent. */
enum Delivery {

	/** Written before the call returns; a failure is thrown to the caller. */
	DIRECT,

	/** Written soon by the sender thread; a failure reaches the next call on the end. */
	ENQUEUED,

	/** Written soon by the sender thread; a future says how it went. */
	FUTURE,

	/**
	 * Kept in the batch, unwritten, until the next write or flush on the end (or until the batch is
	 * full); a failure reaches the next call on the end.
	 */
	BUFFERED

}
