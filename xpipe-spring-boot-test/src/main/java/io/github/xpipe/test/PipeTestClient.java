package io.github.xpipe.test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.xpipe.codec.FrameCodec;
import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeDirection;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.spi.PipeBackend;
import io.github.xpipe.pipe.spi.PipeBackends;

import org.jspecify.annotations.Nullable;

/**
 * The other side of an application's pipes, for its tests: writes messages, and bad frames, into
 * the pipes the application reads ({@link PipeDirection#INBOUND inbound}, as the application
 * declares them) and awaits what it writes to its {@link PipeDirection#OUTBOUND outbound} pipes, in
 * each pipe's framing and byte order. It never creates or deletes a pipe: the application owns them.
 *
 * <pre>{@code
 * PipeTestClient client = PipeTestClient.builder()
 *     .baseDirectory(pipes.path())
 *     .inbound("inbox")                       // the application reads it: the client writes it
 *     .outbound("outbox", new Base64Codec())  // the application writes it: the client reads it
 *     .build();
 * client.send("inbox", "hello");
 * assertThat(client.receive("outbox", String.class, Duration.ofSeconds(10))).isEqualTo("hello");
 * client.writer("inbox").sendWithBadCrc("corrupt".getBytes());
 * }</pre>
 *
 * <p>In a Spring test marked {@link XPipeTest @XPipeTest}, a client bound to every pipe the
 * application declares is a bean. Thread-safe.
 */
public final class PipeTestClient implements AutoCloseable {

	/** The connect timeout unless set: 10 seconds. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final Map<String, PipeEndpoint> endpoints;

	private final Map<String, PipeTestWriter> writers = new LinkedHashMap<>();

	private final Map<String, PipeTestReader> readers = new LinkedHashMap<>();

	private PipeTestClient(Map<String, PipeEndpoint> endpoints, Settings settings) {
		this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
		for (PipeEndpoint endpoint : endpoints.values()) {
			if (endpoint.direction() == PipeDirection.INBOUND) {
				this.writers.put(endpoint.name(), new PipeTestWriter(endpoint, settings));
			}
			else {
				this.readers.put(endpoint.name(), new PipeTestReader(endpoint, settings));
			}
		}
	}

	/** A builder with no pipes, the default base directory, length-crc32 and UTF-8. */
	public static Builder builder() {
		return new Builder();
	}

	/** The names of the pipes this client knows, in the order they were declared. */
	public Set<String> pipeNames() {
		return this.endpoints.keySet();
	}

	/**
	 * The pipe with this name.
	 * @throws IllegalArgumentException naming the known pipes, when there is no such pipe
	 */
	public PipeEndpoint endpoint(String pipe) {
		PipeEndpoint endpoint = this.endpoints.get(pipe);
		if (endpoint == null) {
			throw new IllegalArgumentException("No pipe named '" + pipe + "'; the test client knows " + pipeNames());
		}
		return endpoint;
	}

	/**
	 * The writer of an inbound pipe (one the application reads).
	 * @throws IllegalArgumentException when there is no such pipe, or the application writes it
	 */
	public PipeTestWriter writer(String pipe) {
		PipeTestWriter writer = this.writers.get(pipe);
		if (writer == null) {
			endpoint(pipe);
			throw new IllegalArgumentException("Pipe '" + pipe + "' is outbound: the application writes it, the test "
					+ "reads it with reader(\"" + pipe + "\") or receive(\"" + pipe + "\", …)");
		}
		return writer;
	}

	/**
	 * The reader of an outbound pipe (one the application writes).
	 * @throws IllegalArgumentException when there is no such pipe, or the application reads it
	 */
	public PipeTestReader reader(String pipe) {
		PipeTestReader reader = this.readers.get(pipe);
		if (reader == null) {
			endpoint(pipe);
			throw new IllegalArgumentException("Pipe '" + pipe + "' is inbound: the application reads it, the test "
					+ "writes it with writer(\"" + pipe + "\") or send(\"" + pipe + "\", …)");
		}
		return reader;
	}

	/** Sends one message to an inbound pipe; see {@link PipeTestWriter#send(Object)}. */
	public void send(String pipe, Object payload) {
		if (payload instanceof byte[] bytes) {
			writer(pipe).send(bytes);
		}
		else {
			writer(pipe).send(payload);
		}
	}

	/** The next message on an outbound pipe; see {@link PipeTestReader#receive(Duration)}. */
	public byte[] receive(String pipe, Duration timeout) {
		return reader(pipe).receive(timeout);
	}

	/** The next message on an outbound pipe, converted; see {@link PipeTestReader#receive(Class, Duration)}. */
	public <T> T receive(String pipe, Class<T> type, Duration timeout) {
		return reader(pipe).receive(type, timeout);
	}

	/**
	 * Opens a read end on every outbound pipe that exists, so that what the application writes from
	 * now on finds a reader at once and waits in the pipe until received. Pipes that do not exist yet
	 * are opened by their first receive.
	 */
	public void connect() {
		this.readers.values().forEach(PipeTestReader::openIfPresent);
	}

	/** Closes every read end and connection; the client stays usable and connects again when used. */
	public void disconnect() {
		this.writers.values().forEach(PipeTestWriter::close);
		this.readers.values().forEach(PipeTestReader::close);
	}

	/** Same as {@link #disconnect()}. */
	@Override
	public void close() {
		disconnect();
	}

	@Override
	public String toString() {
		return "PipeTestClient" + this.endpoints.values().stream().map(PipeEndpoint::describe).toList();
	}

	/** What every writer and reader of one client shares. */
	record Settings(Duration connectTimeout, PayloadConverter converter, WriterDisconnects writerDisconnects,
			PipeBackend backend) {
	}

	/** Declares the pipes of a {@link PipeTestClient} and how it reaches them. Not thread-safe. */
	public static final class Builder {

		private final Map<String, PipeEndpoint> endpoints = new LinkedHashMap<>();

		private @Nullable Path baseDirectory;

		private FrameCodec codec = new LengthCrc32Codec();

		private Charset charset = StandardCharsets.UTF_8;

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private PayloadConverter converter = PayloadConverter.plain();

		private WriterDisconnects writerDisconnects = WriterDisconnects.UNKNOWN;

		private PipeBackend backend = PipeBackends.current();

		private Builder() {
		}

		/**
		 * Where pipes declared by a bare name live (on Linux and macOS); unset, xpipe's default
		 * directory. Applies to the pipes declared after it.
		 */
		public Builder baseDirectory(@Nullable Path baseDirectory) {
			this.baseDirectory = baseDirectory;
			return this;
		}

		/** The framing of pipes declared after it without one; default length-crc32, little-endian, CRC. */
		public Builder codec(FrameCodec codec) {
			this.codec = Objects.requireNonNull(codec, "codec must not be null");
			return this;
		}

		/** The charset of {@code String} payloads on pipes declared after it; default UTF-8. */
		public Builder charset(Charset charset) {
			this.charset = Objects.requireNonNull(charset, "charset must not be null");
			return this;
		}

		/** Declares a pipe the application reads (the client writes it), by bare name or path. */
		public Builder inbound(String nameOrPath) {
			return inbound(nameOrPath, this.codec);
		}

		/** Declares a pipe the application reads, with its framing. */
		public Builder inbound(String nameOrPath, FrameCodec codec) {
			return pipe(nameOrPath, PipeDirection.INBOUND, codec);
		}

		/** Declares a pipe the application writes (the client reads it), by bare name or path. */
		public Builder outbound(String nameOrPath) {
			return outbound(nameOrPath, this.codec);
		}

		/** Declares a pipe the application writes, with its framing. */
		public Builder outbound(String nameOrPath, FrameCodec codec) {
			return pipe(nameOrPath, PipeDirection.OUTBOUND, codec);
		}

		/**
		 * Declares a pipe exactly.
		 * @throws IllegalArgumentException when a pipe of that name is already declared
		 */
		public Builder pipe(PipeEndpoint endpoint) {
			if (this.endpoints.putIfAbsent(endpoint.name(), endpoint) != null) {
				throw new IllegalArgumentException("Pipe '" + endpoint.name() + "' is declared twice");
			}
			return this;
		}

		/** How long connecting, and waiting for the application to see a connection end, may take; default 10 s. */
		public Builder connectTimeout(Duration connectTimeout) {
			if (connectTimeout.isNegative()) {
				throw new IllegalArgumentException("connectTimeout must not be negative, was " + connectTimeout);
			}
			this.connectTimeout = connectTimeout;
			return this;
		}

		/** Converts what the test sends and asks to receive; default {@link PayloadConverter#plain()}. */
		public Builder converter(PayloadConverter converter) {
			this.converter = Objects.requireNonNull(converter, "converter must not be null");
			return this;
		}

		/**
		 * What the application tells of writers leaving its pipes; default {@link WriterDisconnects#UNKNOWN}.
		 */
		public Builder writerDisconnects(WriterDisconnects writerDisconnects) {
			this.writerDisconnects = Objects.requireNonNull(writerDisconnects, "writerDisconnects must not be null");
			return this;
		}

		/** The operating system's pipes; default the current one's (for custom backends). */
		public Builder backend(PipeBackend backend) {
			this.backend = Objects.requireNonNull(backend, "backend must not be null");
			return this;
		}

		/** The client; it connects when first used (or at {@link PipeTestClient#connect()}). */
		public PipeTestClient build() {
			return new PipeTestClient(this.endpoints,
					new Settings(this.connectTimeout, this.converter, this.writerDisconnects, this.backend));
		}

		private Builder pipe(String nameOrPath, PipeDirection direction, FrameCodec codec) {
			NamedPipe pipe = NamedPipe.of(nameOrPath, PipeOptions.defaults().withBaseDirectory(this.baseDirectory),
					this.backend);
			return pipe(new PipeEndpoint(pipe.name(), pipe.path(), direction, codec, this.charset));
		}

	}

}
