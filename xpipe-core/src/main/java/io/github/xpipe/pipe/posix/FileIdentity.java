package io.github.xpipe.pipe.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code stat(2)} says about a file: which file it is (device and inode), who owns it and its
 * type and permission bits. Read with the JDK's {@code unix:} attribute view rather than a native
 * {@code struct stat}, whose layout differs between Linux architectures, libcs and macOS (and
 * whose {@code fstat} symbol older glibc does not even export).
 *
 * <p>An open descriptor is described through its {@code /proc/self/fd/<n>} (Linux) or
 * {@code /dev/fd/<n>} (macOS) entry, which {@code stat} resolves to the open file itself, not to
 * whatever its path names now: the same answer as {@code fstat}.
 */
record FileIdentity(long device, long inode, int uid, int mode) {

	private static final String ATTRIBUTES = "unix:dev,ino,uid,mode";

	private static final int S_IFMT = 0170000;

	private static final int S_IFIFO = 0010000;

	private static final int S_IFDIR = 0040000;

	private static final int S_IFREG = 0100000;

	private static final int S_IFLNK = 0120000;

	private static final Path DESCRIPTOR_DIRECTORY = Path.of(LibC.LINUX ? "/proc/self/fd" : "/dev/fd");

	/** The file at {@code path} itself, not following a symbolic link ({@code lstat}). */
	static FileIdentity ofPath(Path path) throws IOException {
		return of(Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
	}

	/** The directory or file {@code path} leads to, following symbolic links ({@code stat}). */
	static FileIdentity ofTarget(Path path) throws IOException {
		return of(Files.readAttributes(path, ATTRIBUTES));
	}

	/** The file an open descriptor refers to ({@code fstat}). */
	static FileIdentity ofDescriptor(int fd) throws IOException {
		return of(Files.readAttributes(DESCRIPTOR_DIRECTORY.resolve(Integer.toString(fd)), ATTRIBUTES));
	}

	private static FileIdentity of(Map<String, Object> attributes) {
		return new FileIdentity(((Number) attributes.get("dev")).longValue(),
				((Number) attributes.get("ino")).longValue(), ((Number) attributes.get("uid")).intValue(),
				((Number) attributes.get("mode")).intValue());
	}

	boolean isFifo() {
		return (this.mode & S_IFMT) == S_IFIFO;
	}

	boolean isDirectory() {
		return (this.mode & S_IFMT) == S_IFDIR;
	}

	boolean isSymbolicLink() {
		return (this.mode & S_IFMT) == S_IFLNK;
	}

	/** The permission bits, e.g. {@code 0600}. */
	int permissions() {
		return this.mode & 07777;
	}

	/** Whether this is the same file as {@code other}: same device and inode. */
	boolean sameFileAs(FileIdentity other) {
		return this.device == other.device && this.inode == other.inode;
	}

	/** The file type in words, for error messages. */
	String typeDescription() {
		return switch (this.mode & S_IFMT) {
			case S_IFIFO -> "a FIFO";
			case S_IFDIR -> "a directory";
			case S_IFREG -> "a regular file";
			case S_IFLNK -> "a symbolic link";
			case 0020000 -> "a character device";
			case 0060000 -> "a block device";
			case 0140000 -> "a socket";
			default -> "a file of unknown type";
		};
	}

	/** The permission bits in {@code ls} style, e.g. {@code rw-------}. */
	String permissionString() {
		return permissionString(this.mode);
	}

	/** This identity with other permission bits, as after a {@code chmod}. */
	FileIdentity withPermissions(int permissions) {
		return new FileIdentity(this.device, this.inode, this.uid, (this.mode & ~07777) | (permissions & 07777));
	}

	/** Whether the sticky bit is set: in a directory, only an entry's owner may remove or rename it. */
	boolean isSticky() {
		return (this.mode & 01000) != 0;
	}

	/** Permission bits in {@code ls} style, e.g. {@code rw-------} for {@code 0600}. */
	static String permissionString(int mode) {
		StringBuilder text = new StringBuilder(9);
		String letters = "rwxrwxrwx";
		for (int bit = 0; bit < 9; bit++) {
			text.append(((mode & (0400 >> bit)) != 0) ? letters.charAt(bit) : '-');
		}
		return text.toString();
	}

}
