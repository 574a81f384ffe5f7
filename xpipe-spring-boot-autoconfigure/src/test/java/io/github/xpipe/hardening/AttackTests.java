package io.github.xpipe.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.xpipe.pipe.UnsafePipePathException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Attacks by another local user on POSIX, with a real second user: when the tests run as root they
 * create the system user {@value #ATTACKER} if it is missing and run its commands through
 * {@code setpriv}; otherwise they are skipped. The listening application runs as root here, which
 * is the hardest case for the owner checks (root could open anything; xpipe must refuse anyway).
 */
@DisabledOnOs(OS.WINDOWS)
class AttackTests {

	static final String ATTACKER = "xpipe-attacker";

	private static final Duration LONG = Duration.ofSeconds(60);

	@TempDir
	Path temp;

	private Path shared;

	private Path victim;

	@BeforeAll
	static void createAttacker() throws Exception {
		assumeThat(run(List.of("id", "-u")).trim())
			.as("attack tests need root to create and impersonate a second user; run the build as root to include them")
			.isEqualTo("0");
		if (run(List.of("sh", "-c", "id -u " + ATTACKER + " 2>/dev/null || true")).isBlank()) {
			run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ATTACKER));
		}
	}

	@BeforeEach
	void directories() throws Exception {
		// like /tmp: anyone may create entries, only their owner may remove them
		Files.setPosixFilePermissions(this.temp, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.shared = Files.createDirectory(this.temp.resolve("shared"));
		run(List.of("chmod", "1777", this.shared.toString()));
		this.victim = this.temp.resolve("victim.txt");
		Files.writeString(this.victim, "precious data\n");
		Files.setLastModifiedTime(this.victim, FileTime.fromMillis(1_000_000_000_000L));
	}

	@Test
	void symlinkToAVictimFileAtThePipePath() throws Exception {
		Path link = this.shared.resolve("orders");
		asAttacker("ln -s " + this.victim + " " + link);
		Throwable failure = startApp("xpipe.pipes.in.path=" + link);
		assertRefused(failure, "symbolic link");
		assertVictimUntouched();
		assertThat(Files.isSymbolicLink(link)).as("the attacker's link, left in place").isTrue();
		HardeningReport.outcome("A1", "Symlink (by another user) to a victim file at the pipe's path",
				"startup refused (" + reason(failure) + "); victim file and link untouched");
	}

	@Test
	void regularFileAtThePipePath() throws Exception {
		Path file = this.shared.resolve("orders");
		asAttacker("printf 'attacker data' > " + file);
		Throwable failure = startApp("xpipe.pipes.in.path=" + file);
		assertRefused(failure, "a regular file");
		assertThat(Files.readString(file)).isEqualTo("attacker data");
		HardeningReport.outcome("A2", "Regular file (of another user) at the pipe's path",
				"startup refused (" + reason(failure) + "); the file untouched");
	}

	@Test
	void fifoOfAnotherUserAtThePipePath() throws Exception {
		Path squatted = this.shared.resolve("orders");
		asAttacker("mkfifo -m 0666 " + squatted);
		Throwable failure = startApp("xpipe.pipes.in.path=" + squatted);
		assertRefused(failure, "belongs to uid");
		assertThat(Files.getOwner(squatted, LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo(ATTACKER);
		HardeningReport.outcome("A3", "FIFO squatted by another user at the pipe's path (mode 0666)",
				"startup refused (" + reason(failure) + "); the FIFO left in place");
	}

	@Test
	void anotherUserOpeningOurFifo() throws Exception {
		Path open = Files.createDirectory(this.temp.resolve("open"));
		Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
		Path fifo = open.resolve("orders");
		try (ListeningApp app = ListeningApp.start(this.temp.resolve("pipes"), "xpipe.pipes.in.path=" + fifo)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo, LinkOption.NOFOLLOW_LINKS)))
				.isEqualTo("rw-------");
			String script = "import os, sys\n"
					+ "for name, flags in (('write', os.O_WRONLY), ('read', os.O_RDONLY)):\n"
					+ "    try:\n"
					+ "        os.close(os.open(sys.argv[1], flags | os.O_NONBLOCK))\n"
					+ "        print(name, 'opened')\n"
					+ "    except OSError as e:\n"
					+ "        print(name, __import__('errno').errorcode[e.errno])\n";
			String result = run(List.of("setpriv", "--reuid=" + ATTACKER, "--regid=" + ATTACKER, "--clear-groups", "--",
					"/usr/bin/python3", "-c", script, fifo.toString()));
			assertThat(result.lines().toList()).containsExactly("write EACCES", "read EACCES");
			try (ChildProcess writer = ChildProcess.writer("writer", "--path=" + fifo, "--count=10")) {
				assertThat(writer.awaitExit(LONG)).as(writer.describe()).isZero();
			}
			await().atMost(LONG).until(() -> app.inbox().count() == 10);
			HardeningReport.outcome("A4", "Another user opening our FIFO (created 0600, in a directory others can "
					+ "enter)", "open for writing and for reading by a real process of that user: EACCES both; "
							+ "the owner's writer then delivered 10/10");
		}
	}

	@Test
	void baseDirectoryOthersCanWriteTo() throws Exception {
		Path writable = Files.createDirectory(this.temp.resolve("writable"));
		run(List.of("chmod", "0777", writable.toString()));
		Throwable failure = startApp("xpipe.base-dir=" + writable);
		assertRefused(failure, "chmod go-w");
		assertThat(Files.list(writable)).as("nothing created in it").isEmpty();
		Path attackers = this.shared.resolve("attackers-dir");
		asAttacker("mkdir -m 0700 " + attackers);
		Throwable notOurs = startApp("xpipe.base-dir=" + attackers);
		assertRefused(notOurs, "belongs to uid");
		HardeningReport.outcome("A5", "Base directory other users can write to, or owned by another user",
				"startup refused with what to change: \"" + reason(failure) + "\"; and \"" + reason(notOurs) + "\"");
	}

	@Test
	void runtimeDirectoryOfAnotherUser() throws Exception {
		Path theirs = this.shared.resolve("run-user-attacker");
		asAttacker("mkdir -m 0700 " + theirs);
		try (ChildProcess app = ChildProcess.java("app", Map.of("XDG_RUNTIME_DIR", theirs.toString()), List.of("-Xmx64m"),
				ListenerAppMain.class, "--xpipe.pipes.in.direction=inbound")) {
			assertThat(app.awaitExit(LONG)).as("the application must refuse to start").isNotZero();
			String output = String.join("\n", app.lines()) + "\n" + app.errors();
			assertThat(output).contains("refusing XDG_RUNTIME_DIR=" + theirs)
				.contains("it is another user's runtime directory")
				.contains("Set XDG_RUNTIME_DIR to your own runtime directory")
				.contains("APPLICATION FAILED TO START");
			assertThat(Files.exists(theirs.resolve("xpipe"), LinkOption.NOFOLLOW_LINKS)).as("nothing made in it").isFalse();
			HardeningReport.outcome("A6", "XDG_RUNTIME_DIR pointing to another user's runtime directory (the default "
					+ "base directory is in it)", "startup refused before anything is made in it, with what to change: \""
							+ line(output, "refusing XDG_RUNTIME_DIR").replace(this.temp.toString(), "$TMP") + "\"");
		}
	}

	@Test
	void baseDirectoryBelowADirectoryAnotherUserOwns() throws Exception {
		Path theirs = this.shared.resolve("attackers-parent");
		asAttacker("mkdir -m 0755 " + theirs);
		asAttacker("mkdir -m 0777 " + theirs + "/ours");
		run(List.of("chown", "root:root", theirs + "/ours"));
		run(List.of("chmod", "0700", theirs + "/ours"));
		Throwable failure = startApp("xpipe.base-dir=" + theirs.resolve("ours/pipes"));
		assertRefused(failure, "above it belongs to uid");
		HardeningReport.outcome("A7", "Base directory of our own, below a directory another user owns (who could "
				+ "swap it)", "startup refused, as OpenSSH's StrictModes would: \"" + reason(failure) + "\"");
	}

	private static String line(String output, String containing) {
		return output.lines().filter((line) -> line.contains(containing)).findFirst().orElse("")
			.replaceFirst("^.*?(refusing)", "$1");
	}

	private Throwable startApp(String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		Throwable failure = catchThrowable(() -> ListeningApp.start(this.temp.resolve("pipes"), all.toArray(String[]::new))
			.close());
		assertThat(failure).as("the application must refuse to start").isNotNull();
		return failure;
	}

	private static void assertRefused(Throwable failure, String why) {
		UnsafePipePathException refusal = unsafe(failure);
		assertThat(refusal).as("cause of %s", failure).isNotNull();
		assertThat(refusal.getMessage()).contains(why);
	}

	private void assertVictimUntouched() throws IOException {
		assertThat(Files.readString(this.victim)).isEqualTo("precious data\n");
		assertThat(Files.getLastModifiedTime(this.victim).toMillis()).isEqualTo(1_000_000_000_000L);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.victim))).isEqualTo("rw-r--r--");
	}

	private static @Nullable UnsafePipePathException unsafe(@Nullable Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof UnsafePipePathException found) {
				return found;
			}
		}
		return null;
	}

	/** The refusal, with the temporary directory shown as {@code $TMP}. */
	private String reason(Throwable failure) {
		String message = Objects.requireNonNull(unsafe(failure)).getMessage().replace(this.temp.toString(), "$TMP");
		int colon = message.indexOf(": ");
		return (colon >= 0) ? message.substring(colon + 2) : message;
	}

	private static void asAttacker(String command) throws Exception {
		run(List.of("setpriv", "--reuid=" + ATTACKER, "--regid=" + ATTACKER, "--clear-groups", "--", "/bin/sh", "-c",
				command));
	}

	private static String run(List<String> command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor()).as("%s: %s", command, output).isZero();
		return output;
	}

}
