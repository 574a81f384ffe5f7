package io.github.xpipe.autoconfigure;

import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.xpipe.codec.Framing;
import io.github.xpipe.codec.LengthCrc32Codec.CrcCheck;
import io.github.xpipe.codec.LengthCrc32Codec.ReadByteOrder;
import io.github.xpipe.core.SendMode;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of xpipe: the pipes an application uses and how its listeners behave.
 *
 * <pre>
 * xpipe:
 *   pipes:
 *     orders:
 *       direction: inbound
 *     receipts:
 *       direction: outbound
 *       framing: base64
 * </pre>
 */
@ConfigurationProperties("xpipe")
public class XPipeProperties {

	/**
	 * Directory in which pipes given by a bare name live on Linux and macOS. Default:
	 * $XDG_RUNTIME_DIR/xpipe when that is set, else {java.io.tmpdir}/xpipe-{user}. Created with mode
	 * 0700 when missing; a directory other users can write to is refused. Ignored on Windows.
	 */
	private @Nullable Path baseDir;

	/** The pipes this application uses, by name (the name listeners and the template use). */
	private final Map<String, Pipe> pipes = new LinkedHashMap<>();

	private final Listener listener = new Listener();

	private final Template template = new Template();

	public @Nullable Path getBaseDir() {
		return this.baseDir;
	}

	public void setBaseDir(@Nullable Path baseDir) {
		this.baseDir = baseDir;
	}

	public Map<String, Pipe> getPipes() {
		return this.pipes;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Template getTemplate() {
		return this.template;
	}

	/** One declared pipe. */
	public static class Pipe {

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

	/** Settings of all listener containers. */
	public static class Listener {

		/**
		 * Longest a stopping listener waits for the messages it already read to be handled; a
		 * blocked read is cancelled at once. Keep it below spring.lifecycle.timeout-per-shutdown-phase.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/** Number of threads invoking each listener that sets no concurrency; above 1 messages are handled out of order. */
		private int concurrency = 1;

		/** Whether listeners that do not say otherwise start with the application. */
		private boolean autoStartup = true;

		/**
		 * How long a listener may receive no message before a PipeListenerIdleEvent is published,
		 * and again every such interval while it stays idle; checked about once a second. Not set:
		 * no idle events.
		 */
		private @Nullable Duration idleEventInterval;

		/** Whether each message a listener handles is observed ('xpipe.listener'), given an ObservationRegistry. */
		private boolean observationEnabled;

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			Assert.isTrue(!shutdownTimeout.isNegative(), "must not be negative");
			this.shutdownTimeout = shutdownTimeout;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			Assert.isTrue(concurrency >= 1, "must be at least 1");
			this.concurrency = concurrency;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public @Nullable Duration getIdleEventInterval() {
			return this.idleEventInterval;
		}

		public void setIdleEventInterval(@Nullable Duration idleEventInterval) {
			Assert.isTrue(idleEventInterval == null || (!idleEventInterval.isNegative() && !idleEventInterval.isZero()),
					"must be positive");
			this.idleEventInterval = idleEventInterval;
		}

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

	}

	/** Settings of the auto-configured XPipeTemplate. */
	public static class Template {

		/** Whether each message the template sends is observed ('xpipe.template'), given an ObservationRegistry. */
		private boolean observationEnabled;

		public boolean isObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

	}

	/**
	 * Presets for the peers xpipe's users run: each sets defaults for a pipe that talks to one, which
	 * the pipe's own properties override.
	 */
	public enum Peer {

		/**
		 * The Python npipes library as its code behaves: length-crc32 frames, big-endian, a CRC of 0
		 * when it computes none (read as "not computed"), data encoded as US-ASCII, and on Windows a
		 * message pipe with a connection per message.
		 */
		NPIPES(Endianness.BIG_ENDIAN, StandardCharsets.US_ASCII, PipeMode.MESSAGE);

		private final Endianness byteOrder;

		private final Charset charset;

		private final PipeMode pipeMode;

		Peer(Endianness byteOrder, Charset charset, PipeMode pipeMode) {
			this.byteOrder = byteOrder;
			this.charset = charset;
			this.pipeMode = pipeMode;
		}

		/** The kind of Windows pipe this peer creates and opens. */
		public PipeMode getPipeMode() {
			return this.pipeMode;
		}

		/** The byte order this peer reads and writes. */
		public Endianness getByteOrder() {
			return this.byteOrder;
		}

		/** The charset of this peer's strings. */
		public Charset getCharset() {
			return this.charset;
		}

	}

	/** Byte order of framing integers. */
	public enum Endianness {

		/** Least significant byte first (the default, as on x86 and ARM). */
		LITTLE_ENDIAN(ByteOrder.LITTLE_ENDIAN),

		/** Most significant byte first (network order). */
		BIG_ENDIAN(ByteOrder.BIG_ENDIAN);

		private final ByteOrder order;

		Endianness(ByteOrder order) {
			this.order = order;
		}

		public ByteOrder toByteOrder() {
			return this.order;
		}

	}

}
