package io.github.xpipe.pipe.posix;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

import io.github.xpipe.pipe.PipeException;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.UnsafePipePathException;
import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeInput;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Creating, reusing and deleting FIFOs, and the rules for what already exists at a path. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class PosixPipeBackendTests {

	private static final int NOBODY = 65534;

	private final PosixPipeBackend backend = new PosixPipeBackend();

	@TempDir
	Path temp;

	private Path base;

	private PipeOptions options;

	@BeforeEach
	void setUp() {
		this.base = this.temp.resolve("pipes");
		this.options = PipeOptions.defaults().withBaseDirectory(this.base);
	}

	@Test
	void bareNamesResolveInTheBaseDirectoryAndPathsStayPaths() {
		assertThat(this.backend.resolvePath("orders", this.options)).isEqualTo(this.base.resolve("orders").toString());
		assertThat(this.backend.resolvePath("/var/tmp/orders", this.options)).isEqualTo("/var/tmp/orders");
		assertThat(this.backend.nameOf("/var/tmp/orders")).isEqualTo("orders");
		assertThat(Files.exists(this.base)).as("resolving has no side effects").isFalse();
	}

	@Test
	void defaultBaseDirectoryIsTheRuntimeDirectoryOrAPerUserTemporaryDirectory() {
		String runtime = System.getenv("XDG_RUNTIME_DIR");
		Path expected = (runtime != null && !runtime.isBlank()) ? Path.of(runtime, "xpipe")
				: Path.of(System.getProperty("java.io.tmpdir"), "xpipe-" + System.getProperty("user.name"));
		assertThat(this.backend.resolvePath("orders", PipeOptions.defaults()))
			.isEqualTo(expected.toAbsolutePath().resolve("orders").toString());
	}

	@Test
	void refusesNamesThatAreNotFileNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.resolvePath("..", this.options));
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.resolvePath("", this.options));
	}

	@Test
	void createsTheBaseDirectoryOwnerOnlyAndTheFifoWithOwnerOnlyPermissions() throws Exception {
		CreatedPipe created = create("orders");
		assertThat(created.madeHere()).isTrue();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.base))).isEqualTo("rwx------");
		FileIdentity fifo = FileIdentity.ofPath(this.base.resolve("orders"));
		assertThat(fifo.isFifo()).isTrue();
		assertThat(fifo.permissionString()).isEqualTo("rw-------");
		assertThat(fifo.uid()).isEqualTo(CurrentUser.uid());
	}

	@Test
	void appliesConfiguredPermissionsExactlyWhateverTheUmask() throws Exception {
		this.options = this.options.withPermissions(PosixFilePermissions.fromString("rw-rw-rw-"));
		create("shared");
		assertThat(FileIdentity.ofPath(this.base.resolve("shared")).permissionString()).isEqualTo("rw-rw-rw-");
	}

	@Test
	void refusesABaseDirectoryOthersCanWriteTo() throws Exception {
		Files.createDirectory(this.base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.setPosixFilePermissions(this.base, PosixFilePermissions.fromString("rwxrwxrwx"));
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> create("orders"))
			.withMessageContaining(this.base.toString())
			.withMessageContaining("chmod go-w")
			.withMessageContaining("xpipe.base-dir");
		assertThat(Files.exists(this.base.resolve("orders"), LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	@Test
	void refusesABaseDirectoryOfAnotherUser() throws Exception {
		assumeRoot();
		Files.createDirectory(this.base);
		Files.setAttribute(this.base, "unix:uid", NOBODY);
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> create("orders"))
			.withMessageContaining("belongs to uid " + NOBODY);
	}

	@Test
	void refusesARegularFileAndLeavesItUntouched() throws Exception {
		Path file = existingBase().resolve("orders");
		Files.writeString(file, "precious");
		FileTime modified = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
		Files.setLastModifiedTime(file, modified);
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> create("orders"))
			.withMessageContaining("regular file")
			.withMessageContaining("left untouched");
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> openOutput("orders"));
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> openInput("orders"));
		assertThat(Files.readString(file)).isEqualTo("precious");
		assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
	}

	@Test
	void refusesASymbolicLinkAndLeavesItsTargetUntouched() throws Exception {
		Path victim = this.temp.resolve("victim");
		Files.writeString(victim, "precious");
		Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
		Path link = Files.createSymbolicLink(existingBase().resolve("orders"), victim);
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> create("orders"))
			.withMessageContaining("symbolic link");
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> openOutput("orders"));
		assertThat(Files.isSymbolicLink(link)).isTrue();
		assertThat(Files.readString(victim)).isEqualTo("precious");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-r--r--");
	}

	@Test
	void refusesASymbolicLinkEvenToAFifoOfThisUser() throws Exception {
		Path fifo = this.temp.resolve("real-fifo");
		assertThat(LibC.mkfifo(LibC.nativePath(fifo), 0600)).isZero();
		Files.createSymbolicLink(existingBase().resolve("orders"), fifo);
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> create("orders"));
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> openInput("orders"));
	}

	@Test
	void refusesAFifoOfAnotherUser() throws Exception {
		assumeRoot();
		Path fifo = existingBase().resolve("orders");
		assertThat(LibC.mkfifo(LibC.nativePath(fifo), 0666)).isZero();
		Files.setAttribute(fifo, "unix:uid", NOBODY);
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> create("orders"))
			.withMessageContaining("belongs to uid " + NOBODY);
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> openInput("orders"));
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> openOutput("orders"));
		assertThat(FileIdentity.ofPath(fifo).uid()).isEqualTo(NOBODY);
	}

	@Test
	void reusesAFifoOfThisUserAndLeavesItOnDelete() throws Exception {
		Path fifo = existingBase().resolve("orders");
		assertThat(LibC.mkfifo(LibC.nativePath(fifo), 0600)).isZero();
		CreatedPipe reused = create("orders");
		assertThat(reused.madeHere()).isFalse();
		reused.delete();
		assertThat(FileIdentity.ofPath(fifo).isFifo()).isTrue();
	}

	@Test
	void deleteRemovesWhatItCreatedOnceAndIsIdempotent() throws Exception {
		CreatedPipe first = create("orders");
		CreatedPipe second = create("orders");
		assertThat(second.madeHere()).isFalse();
		second.delete();
		assertThat(Files.exists(this.base.resolve("orders"), LinkOption.NOFOLLOW_LINKS)).isTrue();
		first.delete();
		assertThat(Files.exists(this.base.resolve("orders"), LinkOption.NOFOLLOW_LINKS)).isFalse();
		first.delete();
	}

	@Test
	void deleteLeavesAFifoThatReplacedTheOneItCreated() throws Exception {
		CreatedPipe created = create("orders");
		Path fifo = this.base.resolve("orders");
		Path replacement = this.base.resolve("replacement");
		assertThat(LibC.mkfifo(LibC.nativePath(replacement), 0600)).isZero();
		Files.move(replacement, fifo, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		created.delete();
		assertThat(FileIdentity.ofPath(fifo).isFifo()).isTrue();
	}

	@Test
	void explicitPathInAMissingDirectoryFailsClearly() {
		String path = this.temp.resolve("nowhere/orders").toString();
		assertThatExceptionOfType(PipeException.class)
			.isThrownBy(() -> this.backend.create("orders", path, this.options))
			.withMessageContaining("does not exist");
	}

	@Test
	void explicitPathsOutsideTheBaseDirectoryWork() throws Exception {
		String path = this.temp.resolve("explicit").toString();
		CreatedPipe created = this.backend.create("explicit", path, this.options);
		assertThat(FileIdentity.ofPath(Path.of(path)).isFifo()).isTrue();
		assertThat(Files.exists(this.base)).isFalse();
		created.delete();
		assertThat(Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	@Test
	void anExistingFifoWiderThanConfiguredIsNarrowedOnTheOpenedDescriptor() throws Exception {
		Path fifo = existingBase().resolve("orders");
		RawFifo.make(fifo);
		Files.setPosixFilePermissions(fifo, PosixFilePermissions.fromString("rw-r--r--"));
		CreatedPipe reused = create("orders");
		assertThat(reused.madeHere()).isFalse();
		openInput("orders");
		assertThat(FileIdentity.ofPath(fifo).permissionString()).isEqualTo("rw-------");

		this.options = this.options.withPermissions(PosixFilePermissions.fromString("rw-rw----"));
		Files.setPosixFilePermissions(fifo, PosixFilePermissions.fromString("rw-rw-rw-"));
		int reader = RawFifo.openReader(fifo);
		try {
			openOutput("orders");
		}
		finally {
			RawFifo.close(reader);
		}
		assertThat(FileIdentity.ofPath(fifo).permissionString()).as("only the bits wider than configured removed")
			.isEqualTo("rw-rw----");
	}

	@Test
	void refusesABaseDirectoryBelowADirectoryOthersCanWriteToWithoutTheStickyBit() throws Exception {
		Path open = Files.createDirectory(this.temp.resolve("open"));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.options = this.options.withBaseDirectory(open.resolve("pipes"));
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> create("orders"))
			.withMessageContaining("the directory " + open.toRealPath() + " above it is writable by group or others")
			.withMessageContaining("chmod go-w " + open.toRealPath())
			.withMessageContaining("xpipe.base-dir");
		assertThat(Files.exists(open.resolve("pipes"))).as("nothing made below it").isFalse();

		run("chmod", "1777", open.toString());
		create("orders");
		assertThat(FileIdentity.ofPath(open.resolve("pipes/orders")).isFifo()).as("sticky, as /tmp: accepted").isTrue();
	}

	@Test
	void refusesAnExplicitPathInADirectoryOthersCanWriteTo() throws Exception {
		Path open = Files.createDirectory(this.temp.resolve("open"));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwx---"));
		String path = open.resolve("orders").toString();
		assertThatExceptionOfType(UnsafePipePathException.class)
			.isThrownBy(() -> this.backend.create("orders", path, this.options))
			.withMessageContaining("refusing " + open + " as a directory for pipes: it is writable by group or others");
	}

	@Test
	void refusesABaseDirectoryBelowADirectoryOfAnotherUser() throws Exception {
		assumeRoot();
		Path theirs = Files.createDirectory(this.temp.resolve("theirs"));
		Files.setAttribute(theirs, "unix:uid", NOBODY);
		this.options = this.options.withBaseDirectory(theirs.resolve("pipes"));
		assertThatExceptionOfType(UnsafePipePathException.class).isThrownBy(() -> create("orders"))
			.withMessageContaining("above it belongs to uid " + NOBODY + ", neither to root nor to this process's user");
	}

	private static void run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).inheritIO().start();
		assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
	}

	private CreatedPipe create(String name) throws PipeException {
		return this.backend.create(name, this.backend.resolvePath(name, this.options), this.options);
	}

	private void openInput(String name) throws PipeException {
		try (PipeInput input = this.backend.newInput(name, this.backend.resolvePath(name, this.options), null,
				this.options)) {
			input.open(Duration.ZERO);
		}
	}

	private void openOutput(String name) throws PipeException {
		try (PipeOutput output = this.backend.newOutput(name, this.backend.resolvePath(name, this.options), null,
				this.options)) {
			output.open(Duration.ofMillis(50));
		}
	}

	private Path existingBase() throws Exception {
		Files.createDirectories(this.base);
		Files.setPosixFilePermissions(this.base, PosixFilePermissions.fromString("rwx------"));
		return this.base;
	}

	private static void assumeRoot() {
		assumeTrue(CurrentUser.uid() == 0, "needs root to give a file to another user (uid " + NOBODY + "); "
				+ "run the tests as root to check this rule");
	}

}
