package io.github.xpipe.pipe.windows;

/** A Win32 call failed with {@link #code()} ({@code GetLastError()}). */
final class Win32Exception extends Exception {

	private static final long serialVersionUID = 1L;

	private final int code;

	Win32Exception(String function, int code) {
		this(function, code, "");
	}

	/** @param text the system's text for the code, or empty */
	Win32Exception(String function, int code, String text) {
		super(function + " failed with Win32 error " + code + (text.isEmpty() ? "" : " (" + text + ")"));
		this.code = code;
	}

	int code() {
		return this.code;
	}

}
