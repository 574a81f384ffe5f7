package io.github.xpipe.pipe.windows;

import io.github.xpipe.pipe.spi.CreatedPipe;
import io.github.xpipe.pipe.spi.PipeOutput;
import org.junit.jupiter.api.AfterEach;

/**
 * What the fake-driven tests of server-side outputs share: the pipe they write to, the created pipe
 * and output a test opens, and, after each test, closing both and checking that nothing leaked.
 */
abstract class FakePipeOutputSupport extends FakeWin32Support {

	static final String PATH = "\\\\.\\pipe\\replies";

	/** The handle of the first pipe instance the fake hands out. */
	static final long FIRST = 0x100;

	CreatedPipe created;

	PipeOutput output;

	@AfterEach
	void closeAndCheckNothingLeaks() throws Exception {
		if (this.output != null) {
			this.output.close();
		}
		if (this.created != null) {
			this.created.delete();
		}
		assertNothingLeaks();
	}

}
