package io.github.xpipe.pipe;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * How a pipe is created and opened. Immutable; start from {@link #defaults()} and derive with the
 * {@code with…} methods.
 *
 * @param permissions POSIX mode of a FIFO this process creates (default {@code rw-------}); ignored on Windows
 * @param baseDirectory where a bare pipe name lives on POSIX; {@code null} for the default
 *        ({@code $XDG_RUNTIME_DIR/xpipe}, else {@code <java.io.tmpdir>/xpipe-<user>}); ignored on Windows
 * @param pipeCapacity the kernel buffer size requested with {@code F_SETPIPE_SZ} on Linux (default
 *        1 MiB, capped by {@code /proc/sys/fs/pipe-max-size}); the Windows in/out buffer size
 * @param readBufferSize bytes a read end asks the OS for in one read (default 256 KiB)
 * @param maxInstances Windows: most concurrent server instances (writers) of an inbound pipe; -1 for
 *        unlimited (the default)
 * @param securityDescriptor Windows: an SDDL string for the pipe's DACL; {@code null} for the default
 *        (current user and SYSTEM only)
 * @param direction the end this process opens on a pipe it creates; Windows creates its server
 *        instance with that access; {@code null} when not known at create time
 * @param singleWriter whether the write end opened with these options is the only writer of the pipe
 *        (default {@code false}). A {@link WritePipeEnd} coalesces waiting frames into one
 *        {@code write()}; by default a batch is at most PIPE_BUF bytes (4096 on Linux), the size the
 *        kernel keeps whole when several processes write the same FIFO. With {@code true}, batches
 *        may reach {@value WritePipeEnd#SINGLE_WRITER_BATCH_LIMIT} bytes (fewer system calls for
 *        small messages); set it only when no other process writes this pipe, or their frames may
 *        interleave with ours on POSIX. Not with {@link PipeMode#MESSAGE}, which writes every frame on
 *        its own
 * @param pipeMode Windows: whether a created pipe is a byte or a message pipe, and how this process's
 *        ends read and write it (default {@link PipeMode#BYTE}); ignored on Linux and macOS
 */
public record PipeOptions(Set<PosixFilePermission> permissions, @Nullable Path baseDirectory, int pipeCapacity,
		int readBufferSize, int maxInstances, @Nullable String securityDescriptor,
		@Nullable PipeDirection direction, boolean singleWriter, PipeMode pipeMode) {

	/** Default POSIX permissions of a created FIFO: owner read and write only. */
	public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	/** Default requested pipe capacity: 1 MiB. */
	public static final int DEFAULT_PIPE_CAPACITY = 1024 * 1024;

	/** Default read size: 256 KiB. */
	public static final int DEFAULT_READ_BUFFER_SIZE = 256 * 1024;

	/** {@link #maxInstances()} value meaning "as many as the OS allows". */
	public static final int UNLIMITED_INSTANCES = -1;

	/** Options for a pipe shared by any number of writers ({@link #singleWriter()} {@code false}). */
	public PipeOptions(Set<PosixFilePermission> permissions, @Nullable Path baseDirectory, int pipeCapacity,
			int readBufferSize, int maxInstances, @Nullable String securityDescriptor,
			@Nullable PipeDirection direction) {
		this(permissions, baseDirectory, pipeCapacity, readBufferSize, maxInstances, securityDescriptor, direction,
				false, PipeMode.BYTE);
	}

	public PipeOptions {
		permissions = Set.copyOf(permissions);
		Objects.requireNonNull(pipeMode, "pipeMode");
		if (pipeCapacity <= 0) {
			throw new IllegalArgumentException("pipeCapacity must be positive, was " + pipeCapacity);
		}
		if (readBufferSize <= 0) {
			throw new IllegalArgumentException("readBufferSize must be positive, was " + readBufferSize);
		}
		if (maxInstances == 0 || maxInstances < UNLIMITED_INSTANCES) {
			throw new IllegalArgumentException("maxInstances must be positive or -1 (unlimited), was " + maxInstances);
		}
		if (singleWriter && pipeMode == PipeMode.MESSAGE) {
			throw new IllegalArgumentException("singleWriter (single-writer) lets several frames share one write, "
					+ "but a message pipe (pipe-mode: message) sends every frame as a message of its own: "
					+ "turn single-writer off");
		}
	}

	/** Owner-only permissions, the default base directory and buffer sizes, unlimited instances, byte mode. */
	public static PipeOptions defaults() {
		return new PipeOptions(OWNER_ONLY, null, DEFAULT_PIPE_CAPACITY, DEFAULT_READ_BUFFER_SIZE,
				UNLIMITED_INSTANCES, null, null, false, PipeMode.BYTE);
	}

	public PipeOptions withPermissions(Set<PosixFilePermission> permissions) {
		return new PipeOptions(permissions, this.baseDirectory, this.pipeCapacity, this.readBufferSize,
				this.maxInstances, this.securityDescriptor, this.direction, this.singleWriter, this.pipeMode);
	}

	public PipeOptions withBaseDirectory(@Nullable Path baseDirectory) {
		return new PipeOptions(this.permissions, baseDirectory, this.pipeCapacity, this.readBufferSize,
				this.maxInstances, this.securityDescriptor, this.direction, this.singleWriter, this.pipeMode);
	}

	public PipeOptions withPipeCapacity(int pipeCapacity) {
		return new PipeOptions(this.permissions, this.baseDirectory, pipeCapacity, this.readBufferSize,
				this.maxInstances, this.securityDescriptor, this.direction, this.singleWriter, this.pipeMode);
	}

	public PipeOptions withReadBufferSize(int readBufferSize) {
		return new PipeOptions(this.permissions, this.baseDirectory, this.pipeCapacity, readBufferSize,
				this.maxInstances, this.securityDescriptor, this.direction, this.singleWriter, this.pipeMode);
	}

	public PipeOptions withMaxInstances(int maxInstances) {
		return new PipeOptions(this.permissions, this.baseDirectory, this.pipeCapacity, this.readBufferSize,
				maxInstances, this.securityDescriptor, this.direction, this.singleWriter, this.pipeMode);
	}

	public PipeOptions withSecurityDescriptor(@Nullable String securityDescriptor) {
		return new PipeOptions(this.permissions, this.baseDirectory, this.pipeCapacity, this.readBufferSize,
				this.maxInstances, securityDescriptor, this.direction, this.singleWriter, this.pipeMode);
	}

	public PipeOptions withDirection(@Nullable PipeDirection direction) {
		return new PipeOptions(this.permissions, this.baseDirectory, this.pipeCapacity, this.readBufferSize,
				this.maxInstances, this.securityDescriptor, direction, this.singleWriter, this.pipeMode);
	}

	/**
	 * These options with {@link #singleWriter()} set: declare that the write end is the pipe's only
	 * writer, so that coalesced writes may carry up to 64 KiB instead of PIPE_BUF.
	 */
	public PipeOptions withSingleWriter(boolean singleWriter) {
		return new PipeOptions(this.permissions, this.baseDirectory, this.pipeCapacity, this.readBufferSize,
				this.maxInstances, this.securityDescriptor, this.direction, singleWriter, this.pipeMode);
	}

	/**
	 * These options with {@link #pipeMode()} set: {@link PipeMode#MESSAGE} makes a Windows pipe a
	 * message pipe, one message per frame.
	 */
	public PipeOptions withPipeMode(PipeMode pipeMode) {
		return new PipeOptions(this.permissions, this.baseDirectory, this.pipeCapacity, this.readBufferSize,
				this.maxInstances, this.securityDescriptor, this.direction, this.singleWriter, pipeMode);
	}

}
