package io.github.xpipe.autoconfigure;

import java.nio.charset.Charset;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.github.xpipe.autoconfigure.XPipeProperties.Endianness;
import io.github.xpipe.autoconfigure.XPipeProperties.Peer;
import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Codec.ReadByteOrder;
import io.github.xpipe.core.PipeDefinition;
import io.github.xpipe.core.SendMode;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeMode;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * One declared pipe: the settings under {@code xpipe.pipes.<name>}, bound as the values of
 * {@link XPipeProperties#getPipes()}. A pipe provisioned at run time (see
 * {@link io.github.xpipe.core.PipeRegistry#provision}) can be described with an instance of its own,
 * with the same defaults, and turned into its definition by {@link #toDefinition}.
 */
public class PipeProperties {

	/**
	 * Path of the pipe. Default: the pipe's name in the base directory on Linux and macOS,
	 * \\.\pipe\{name} on Windows.
	 */
	private @Nullable String path;

	/**
	 * Which way messages flow, seen from this application: 'inbound' (it reads, with a
	 * PipeListener) or 'outbound' (it writes, with the XPipeTemplate or SendTo).
	 */
	private PipeDirection direction = PipeDirection.INBOUND;

	/**
	 * Whether this application owns the pipe: creates it at startup and removes it at shutdown.
	 * False to connect to a pipe another process owns, which is never removed.
	 */
	private boolean create = true;

	/** Wire framing of the messages: 'length-crc32' or 'base64'. */
	private Framing framing = Framing.LENGTH_CRC32;

	/**
	 * An existing peer this pipe talks to: 'npipes' (the Python npipes library) sets the defaults
	 * it needs (big-endian, a CRC of 0 read as not computed, US-ASCII strings, and on Windows a
	 * message pipe); the pipe's own properties still override them.
	 */
	private @Nullable Peer peer;

	/**
	 * Byte order of the length and CRC fields the 'length-crc32' framing writes (and reads, with
	 * read-byte-order: pinned). Default: little-endian; big-endian with peer: npipes.
	 */
	private @Nullable Endianness byteOrder;

	/**
	 * How the 'length-crc32' framing decides the byte order of what it reads: 'detect' takes each
	 * writer's order from its first frame; 'pinned' reads byte-order only.
	 */
	private ReadByteOrder readByteOrder = ReadByteOrder.DETECT;

	/**
	 * Whether the 'length-crc32' framing computes CRC-32 checksums when sending (false sends 0,
	 * 'not computed').
	 */
	private boolean crc = true;

	/**
	 * How the 'length-crc32' framing checks received checksums: 'lenient' reads 0 as not computed
	 * and checks any other value, 'strict' checks every frame, 'off' checks none. Default:
	 * lenient; off when crc is false.
	 */
	private @Nullable CrcCheck crcCheck;

	/**
	 * Largest message sent or accepted. A larger incoming frame is rejected without being
	 * allocated; a larger outgoing message fails to send.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(16);

	/** POSIX permissions of a pipe this application creates, in 'ls -l' form. Ignored on Windows. */
	private String permissions = "rw-------";

	/**
	 * How long opening the pipe waits for the other side; for an outbound pipe, how long a send
	 * waits for a reader before it fails.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Charset of String payloads, received and sent; a String it cannot encode fails to send.
	 * Default: UTF-8; US-ASCII with peer: npipes.
	 */
	private @Nullable Charset charset;

	/**
	 * Kernel buffer size requested for the pipe: F_SETPIPE_SZ on Linux (capped by
	 * /proc/sys/fs/pipe-max-size), the buffer size on Windows.
	 */
	private DataSize capacity = DataSize.ofMegabytes(1);

	/**
	 * Whether this application is the pipe's only writer, so batched writes may reach 64 KiB
	 * instead of PIPE_BUF; leave off when other processes write the pipe too.
	 */
	private boolean singleWriter;

	/**
	 * How sends to an outbound pipe reach the operating system: 'direct' returns once the
	 * message is in the pipe and throws when it cannot be; 'queued' returns at once and lets a
	 * sender thread write waiting messages in batches (for streams of small messages; a failed
	 * write is reported by the next send).
	 */
	private SendMode sendMode = SendMode.DIRECT;

	/**
	 * Windows: most writers an inbound pipe this application creates serves at once, each on a
	 * pipe instance of its own; -1 for unlimited. Further writers wait for a free instance.
	 * Ignored on Linux and macOS.
	 */
	private int maxInstances = -1;

	/**
	 * Windows: 'byte' for a byte-stream pipe, or 'message' for a message pipe that carries every
	 * message as one message on a connection of its own, as npipes and other pywin32 peers
	 * expect. Default: byte; message with peer: npipes. Ignored on Linux and macOS.
	 */
	private @Nullable PipeMode pipeMode;

	/**
	 * Windows: the DACL of a pipe this application creates, as an SDDL string, e.g.
	 * 'D:P(A;;GA;;;SY)(A;;GA;;;BA)'. Unset: only the current user and SYSTEM. Ignored on Linux
	 * and macOS.
	 */
	private @Nullable String securityDescriptor;

	/**
	 * The definition of a pipe of this name with these settings, exactly as a pipe declared as
	 * {@code xpipe.pipes.<name>} with them gets: the pipe's own settings first, then its
	 * {@link #getPeer() peer} preset's defaults, then xpipe's; the base directory is xpipe's.
	 * @param name the pipe's name, also its path in the base directory when {@link #getPath() path} is
	 * not set
	 * @param xpipe xpipe's settings (the bound {@link XPipeProperties} bean), for the base directory
	 * @throws IllegalStateException when the settings contradict each other (e.g. a peer and a framing
	 * it does not speak), saying what to change
	 */
	public PipeDefinition toDefinition(String name, XPipeProperties xpipe) {
		return PipeDefinitions.of(name, this, xpipe);
	}

	public @Nullable String getPath() {
		return this.path;
	}

	public void setPath(@Nullable String path) {
		this.path = path;
	}

	public PipeDirection getDirection() {
		return this.direction;
	}

	public void setDirection(PipeDirection direction) {
		this.direction = direction;
	}

	public boolean isCreate() {
		return this.create;
	}

	public void setCreate(boolean create) {
		this.create = create;
	}

	public Framing getFraming() {
		return this.framing;
	}

	public void setFraming(Framing framing) {
		this.framing = framing;
	}

	public @Nullable Peer getPeer() {
		return this.peer;
	}

	public void setPeer(@Nullable Peer peer) {
		this.peer = peer;
	}

	public @Nullable Endianness getByteOrder() {
		return this.byteOrder;
	}

	public void setByteOrder(@Nullable Endianness byteOrder) {
		this.byteOrder = byteOrder;
	}

	public ReadByteOrder getReadByteOrder() {
		return this.readByteOrder;
	}

	public void setReadByteOrder(ReadByteOrder readByteOrder) {
		this.readByteOrder = readByteOrder;
	}

	public @Nullable CrcCheck getCrcCheck() {
		return this.crcCheck;
	}

	public void setCrcCheck(@Nullable CrcCheck crcCheck) {
		this.crcCheck = crcCheck;
	}

	public boolean isCrc() {
		return this.crc;
	}

	public void setCrc(boolean crc) {
		this.crc = crc;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		Assert.isTrue(maxMessageSize.toBytes() >= 1 && maxMessageSize.toBytes() <= Integer.MAX_VALUE - 64,
				"must be between 1B and 2047MB");
		this.maxMessageSize = maxMessageSize;
	}

	public String getPermissions() {
		return this.permissions;
	}

	public void setPermissions(String permissions) {
		try {
			PosixFilePermissions.fromString(permissions);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("must be nine characters like rw------- (owner, group, others)", ex);
		}
		this.permissions = permissions;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		Assert.isTrue(!connectTimeout.isNegative(), "must not be negative");
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Charset getCharset() {
		return this.charset;
	}

	public void setCharset(@Nullable Charset charset) {
		this.charset = charset;
	}

	public DataSize getCapacity() {
		return this.capacity;
	}

	public void setCapacity(DataSize capacity) {
		Assert.isTrue(capacity.toBytes() >= 1 && capacity.toBytes() <= Integer.MAX_VALUE, "must be between 1B and 2047MB");
		this.capacity = capacity;
	}

	public int getMaxInstances() {
		return this.maxInstances;
	}

	public void setMaxInstances(int maxInstances) {
		Assert.isTrue(maxInstances > 0 || maxInstances == -1, "must be a positive number of instances, or -1 for unlimited");
		this.maxInstances = maxInstances;
	}

	public @Nullable PipeMode getPipeMode() {
		return this.pipeMode;
	}

	public void setPipeMode(@Nullable PipeMode pipeMode) {
		this.pipeMode = pipeMode;
	}

	public @Nullable String getSecurityDescriptor() {
		return this.securityDescriptor;
	}

	public void setSecurityDescriptor(@Nullable String securityDescriptor) {
		Assert.isTrue(securityDescriptor == null || securityDescriptor.startsWith("D:") || securityDescriptor.startsWith("O:")
				|| securityDescriptor.startsWith("G:") || securityDescriptor.startsWith("S:"),
				"must be an SDDL string such as D:P(A;;GA;;;SY)(A;;GA;;;BA)");
		this.securityDescriptor = securityDescriptor;
	}

	public SendMode getSendMode() {
		return this.sendMode;
	}

	public void setSendMode(SendMode sendMode) {
		this.sendMode = sendMode;
	}

	public boolean isSingleWriter() {
		return this.singleWriter;
	}

	public void setSingleWriter(boolean singleWriter) {
		this.singleWriter = singleWriter;
	}

}
