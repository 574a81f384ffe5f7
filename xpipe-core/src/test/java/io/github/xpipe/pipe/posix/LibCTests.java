package io.github.xpipe.pipe.posix;

import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The libc constants and variadic calls are right for the running OS: the kernel agrees with them. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
class LibCTests {

	private static final int F_GETFD = 1;

	@TempDir
	Path temp;

	@Test
	void openFlagsReachTheKernelAsMeant() throws Exception {
		Path fifo = this.temp.resolve("fifo");
		assertThat(LibC.mkfifo(LibC.nativePath(fifo), 0600)).isZero();
		int fd = LibC.open(fifo, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_NOFOLLOW | LibC.O_CLOEXEC);
		assertThat(fd).as("open of a FIFO for reading never blocks").isNotNegative();
		try {
			assertThat(LibC.fcntl(fd, LibC.F_GETFL) & LibC.O_NONBLOCK).isEqualTo(LibC.O_NONBLOCK);
			assertThat(LibC.fcntl(fd, F_GETFD) & LibC.FD_CLOEXEC).isEqualTo(LibC.FD_CLOEXEC);
			assertThat(FileIdentity.ofDescriptor(fd).sameFileAs(FileIdentity.ofPath(fifo))).isTrue();
		}
		finally {
			LibC.close(fd);
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void aFreshReaderDescriptorDoesNotReportAnEarlierHangup() throws Exception {
		// FifoInput relies on this: after the last writer left it reopens and sleeps in poll again.
		Path fifo = this.temp.resolve("fifo");
		assertThat(LibC.mkfifo(LibC.nativePath(fifo), 0600)).isZero();
		int reader = LibC.open(fifo, LibC.O_RDONLY | LibC.O_NONBLOCK);
		int writer = LibC.open(fifo, LibC.O_WRONLY | LibC.O_NONBLOCK);
		LibC.close(writer);
		int freshReader = LibC.open(fifo, LibC.O_RDONLY | LibC.O_NONBLOCK);
		try {
			assertThat(pollIn(reader) & LibC.POLLHUP).isEqualTo(LibC.POLLHUP);
			assertThat(pollIn(freshReader)).isZero();
		}
		finally {
			LibC.close(reader);
			LibC.close(freshReader);
		}
	}

	private static int pollIn(int fd) {
		Memory pollFd = new Memory(8);
		pollFd.setInt(0, fd);
		pollFd.setShort(4, LibC.POLLIN);
		pollFd.setShort(6, (short) 0);
		assertThat(LibC.poll(pollFd, new NativeLong(1), 0)).isNotNegative();
		return pollFd.getShort(6);
	}

	@Test
	void writerWithoutReaderIsEnxio() throws Exception {
		Path fifo = this.temp.resolve("fifo");
		assertThat(LibC.mkfifo(LibC.nativePath(fifo), 0600)).isZero();
		assertThat(LibC.open(fifo, LibC.O_WRONLY | LibC.O_NONBLOCK)).isEqualTo(-1);
		assertThat(LibC.errno()).isEqualTo(LibC.ENXIO);
	}

	@Test
	void noFollowRefusesASymbolicLinkWithEloop() throws Exception {
		Path target = Files.writeString(this.temp.resolve("target"), "x");
		Path link = Files.createSymbolicLink(this.temp.resolve("link"), target);
		assertThat(LibC.open(link, LibC.O_RDONLY | LibC.O_NOFOLLOW)).isEqualTo(-1);
		assertThat(LibC.errno()).isEqualTo(LibC.ELOOP);
	}

	@Test
	void missingPathIsEnoentAndDescribed() {
		assertThat(LibC.open(this.temp.resolve("missing"), LibC.O_RDONLY)).isEqualTo(-1);
		assertThat(LibC.errno()).isEqualTo(LibC.ENOENT);
		assertThat(LibC.describe(LibC.ENOENT)).contains("No such file").contains("errno 2");
	}

	@Test
	void fullNonBlockingPipeIsEagainAndPollSaysSo() {
		int[] fds = new int[2];
		assertThat(LibC.pipe(fds)).isZero();
		try {
			assertThat(LibC.fcntl(fds[1], LibC.F_SETFL, LibC.fcntl(fds[1], LibC.F_GETFL) | LibC.O_NONBLOCK)).isZero();
			Memory chunk = new Memory(65536);
			long written;
			int writes = 0;
			do {
				written = LibC.write(fds[1], chunk, new NativeLong(chunk.size())).longValue();
				writes++;
			}
			while (written > 0 && writes < 10_000);
			assertThat(written).isEqualTo(-1);
			assertThat(LibC.errno()).isEqualTo(LibC.EAGAIN);
			Memory pollFd = new Memory(8);
			pollFd.setInt(0, fds[1]);
			pollFd.setShort(4, LibC.POLLOUT);
			pollFd.setShort(6, (short) 0);
			assertThat(LibC.poll(pollFd, new NativeLong(1), 0)).isZero();
			pollFd.setInt(0, fds[0]);
			pollFd.setShort(4, LibC.POLLIN);
			assertThat(LibC.poll(pollFd, new NativeLong(1), 0)).isOne();
			assertThat(pollFd.getShort(6) & LibC.POLLIN).isEqualTo(LibC.POLLIN);
		}
		finally {
			LibC.close(fds[0]);
			LibC.close(fds[1]);
		}
	}

}
