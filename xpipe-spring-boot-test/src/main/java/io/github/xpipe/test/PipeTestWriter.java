package io.github.xpipe.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;

import io.github.xpipe.codec.FrameTooLargeException;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeOutput;

import org.jspecify.annotations.Nullable;

/**
 * Writes into one inbound pipe of the application under test, as a writer process would: good
 * messages, and the bad frames a faulty or hostile writer sends. Obtained from {@link
 * PipeTestClient#writer(String)}.
 *
 * <p>It connects on the first send, waiting up to the client's connect timeout for the application
 * to read the pipe, and keeps the connection for later sends, so messages arrive in the order sent.
 * Injections that end a frame's stream ({@link #sendTruncated}, {@link #sendMalformedHeader}) and
 * {@link #disconnect()} close the connection; the next send connects again once the application saw
 * the writer go, where that can be known (see {@link WriterDisconnects}).
 *
 * <p>Methods throw {@link UncheckedIOException} when the pipe cannot be reached or written. Thread-safe:
 * concurrent sends never interleave their bytes.
 */
public final class PipeTestWriter {

	private final PipeEndpoint endpoint;

	private final PipeTestClient.Settings settings;

	private @Nullable PipeOutput output;

	/** The application's disconnect count when this writer last connected; -1 when unknown. */
	private long disconnectsAtConnect = -1;

	private boolean wroteSinceConnect;

	/** Whether the application must see the last connection end before the next one starts. */
	private boolean awaitingDisconnect;

	PipeTestWriter(PipeEndpoint endpoint, PipeTestClient.Settings settings) {
		this.endpoint = endpoint;
		this.settings = settings;
	}

	/** The pipe this writer writes. */
	public PipeEndpoint endpoint() {
		return this.endpoint;
	}

	/** Sends one message. */
	public void send(byte[] payload) {
		write(frame(() -> this.endpoint.codec().encode(payload)));
	}

	/**
	 * Sends one message converted by the client's {@link PayloadConverter}: a {@code String} in the
	 * pipe's charset, with the Spring integration any type the application's converter knows.
	 */
	public void send(Object payload) {
		send(this.settings.converter().toBytes(payload, this.endpoint));
	}

	/**
	 * Sends one length-crc32 frame whose CRC field is 0, as a peer that computes no CRC does; a reader
	 * takes 0 for "not computed" unless it is configured to be strict.
	 * @throws IllegalStateException when the pipe does not use length-crc32
	 */
	public void sendWithoutCrc(byte[] payload) {
		write(frame(() -> BadFrames.zeroCrc(this.endpoint.codec(), this.endpoint.name(), payload)));
	}

	/**
	 * Sends one length-crc32 frame of the payload with a wrong CRC-32. An application that verifies
	 * CRCs rejects it ({@code CrcMismatchException}) and goes on with the next frame; one that does
	 * not verify them receives the payload.
	 * @throws IllegalStateException when the pipe does not use length-crc32
	 */
	public void sendWithBadCrc(byte[] payload) {
		write(frame(() -> BadFrames.badCrc(this.endpoint.codec(), this.endpoint.name(), payload)));
	}

	/**
	 * Sends a length-crc32 header whose two lengths disagree ({@code MalformedFrameException}), then
	 * ends the connection, as a writer that lost its framing would.
	 * @throws IllegalStateException when the pipe does not use length-crc32
	 */
	public void sendMalformedHeader() {
		writeAndDisconnect(BadFrames.malformedHeader(this.endpoint.codec(), this.endpoint.name()));
	}

	/**
	 * Sends the payload's frame without its last byte and ends the connection, as a writer that dies
	 * mid-frame: the application drops the partial frame ({@code TruncatedFrameException}).
	 * @throws IllegalArgumentException for an empty payload on a base64 pipe (its frame is one byte)
	 */
	public void sendTruncated(byte[] payload) {
		writeAndDisconnect(frame(() -> BadFrames.truncated(this.endpoint.codec(), this.endpoint.name(), payload)));
	}

	/**
	 * Sends a datagram that is not Base64, with its delimiter ({@code InvalidBase64Exception}); the
	 * application goes on with the next datagram.
	 * @throws IllegalStateException when the pipe does not use base64
	 */
	public void sendInvalidBase64() {
		write(BadFrames.invalidBase64(this.endpoint.codec(), this.endpoint.name()));
	}

	/** Writes these bytes as they are, in one write, on the current connection. */
	public void sendRaw(byte[] bytes) {
		write(bytes.clone());
	}

	/**
	 * Ends the connection, so that the application sees the writer leave (and drops a frame left
	 * incomplete); the next send connects again. Does nothing when not connected.
	 */
	public synchronized void disconnect() {
		PipeOutput open = this.output;
		if (open == null) {
			return;
		}
		this.output = null;
		open.close();
		this.awaitingDisconnect = this.wroteSinceConnect && this.disconnectsAtConnect >= 0;
	}

	private synchronized void writeAndDisconnect(byte[] bytes) {
		write(bytes);
		disconnect();
	}

	private synchronized void write(byte[] bytes) {
		PipeOutput open = connected();
		try {
			open.write(ByteBuffer.wrap(bytes));
			this.wroteSinceConnect = true;
		}
		catch (IOException ex) {
			disconnect();
			throw new UncheckedIOException("Cannot write " + bytes.length + " bytes to " + this.endpoint.describe()
					+ ": " + ex.getMessage(), ex);
		}
	}

	private PipeOutput connected() {
		PipeOutput open = this.output;
		if (open != null) {
			return open;
		}
		awaitPreviousDisconnect();
		WriterDisconnects disconnects = this.settings.writerDisconnects();
		long before = disconnects.count(this.endpoint.name());
		PipeBackend backend = this.settings.backend();
		NamedPipe pipe = NamedPipe.of(this.endpoint.path(), PipeOptions.defaults(), backend);
		PipeOutput opening = backend.newOutput(pipe.name(), pipe.path(), null, pipe.options());
		try {
			opening.open(this.settings.connectTimeout());
		}
		catch (IOException ex) {
			opening.close();
			throw new UncheckedIOException("Cannot connect to " + this.endpoint.describe() + " within "
					+ this.settings.connectTimeout().toMillis() + " ms (is the application running and reading it?): "
					+ ex.getMessage(), ex);
		}
		this.output = opening;
		this.disconnectsAtConnect = before;
		this.wroteSinceConnect = false;
		return opening;
	}

	private void awaitPreviousDisconnect() {
		if (!this.awaitingDisconnect) {
			return;
		}
		this.awaitingDisconnect = false;
		Duration timeout = this.settings.connectTimeout();
		boolean seen;
		try {
			seen = this.settings.writerDisconnects().awaitMoreThan(this.endpoint.name(), this.disconnectsAtConnect, timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the application to see the test client "
					+ "leave " + this.endpoint.describe(), ex);
		}
		if (!seen) {
			throw new IllegalStateException("The application did not see the test client's last connection to "
					+ this.endpoint.describe() + " end within " + timeout.toMillis() + " ms; sending again now could "
					+ "join the next frames to what that connection left (is the pipe's listener running?)");
		}
	}

	private byte[] frame(Encoding encoding) {
		try {
			return encoding.encode();
		}
		catch (FrameTooLargeException ex) {
			throw new IllegalArgumentException("Cannot send to " + this.endpoint.describe() + ": " + ex.getMessage(), ex);
		}
	}

	/** Closes the connection without waiting for anything; the writer stays usable. */
	synchronized void close() {
		PipeOutput open = this.output;
		this.output = null;
		this.awaitingDisconnect = false;
		if (open != null) {
			open.close();
		}
	}

	/** Encodes one frame. */
	@FunctionalInterface
	private interface Encoding {

		byte[] encode() throws FrameTooLargeException;

	}

}
