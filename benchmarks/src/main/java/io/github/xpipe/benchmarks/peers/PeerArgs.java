package io.github.xpipe.benchmarks.peers;

/** Positional command-line arguments of a peer process, with the role first. */
public final class PeerArgs {

	private final String[] args;

	private final String usage;

	public PeerArgs(String[] args, String usage) {
		this.args = args;
		this.usage = usage;
	}

	public String role() {
		return text(0);
	}

	public String text(int index) {
		if (index >= this.args.length) {
			throw new IllegalArgumentException("Missing argument " + index + "; usage: " + this.usage);
		}
		return this.args[index];
	}

	public int integer(int index) {
		return Integer.parseInt(text(index));
	}

	public long number(int index) {
		return Long.parseLong(text(index));
	}

	public boolean flag(int index) {
		return "1".equals(text(index));
	}

}
