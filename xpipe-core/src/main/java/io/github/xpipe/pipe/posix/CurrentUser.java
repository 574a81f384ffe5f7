package io.github.xpipe.pipe.posix;

/** This process's effective user id, the owner every FIFO and base directory must have. */
final class CurrentUser {

	private static final int UID = LibC.geteuid();

	private CurrentUser() {
	}

	static int uid() {
		return UID;
	}

}
