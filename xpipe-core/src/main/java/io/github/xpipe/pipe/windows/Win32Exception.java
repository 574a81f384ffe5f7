package io.github.xpipe.pipe.windows;

/** A Win32 call failed with {@link #code()} ({@code GetLastError()}). */
final class Win32Exception extends Exception {

	private static final long serialVersionUID = 1L;

	private final int code;

	Win32Exception(String function, int code) {
		super(function + " failed with Win32 error " + code);
		this.code = code;
	}

	int code() {
		return this.code;
	}

}
