package io.github.xpipe.autoconfigure;

import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.xpipe.pipe.PipeMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

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
	private final Map<String, PipeProperties> pipes = new LinkedHashMap<>();

	@NestedConfigurationProperty
	private final ListenerProperties listener = new ListenerProperties();

	@NestedConfigurationProperty
	private final TemplateProperties template = new TemplateProperties();

	public @Nullable Path getBaseDir() {
		return this.baseDir;
	}

	public void setBaseDir(@Nullable Path baseDir) {
		this.baseDir = baseDir;
	}

	public Map<String, PipeProperties> getPipes() {
		return this.pipes;
	}

	public ListenerProperties getListener() {
		return this.listener;
	}

	public TemplateProperties getTemplate() {
		return this.template;
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
