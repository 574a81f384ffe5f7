import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.github.xpipe.codec.LengthCrc32Codec;
import io.github.xpipe.pipe.NamedPipe;
import io.github.xpipe.pipe.PipeOptions;
import io.github.xpipe.pipe.ReadPipeEnd;
import io.github.xpipe.pipe.WritePipeEnd;

/**
 * A plain-Java program on xpipe-core alone, compiled and run by SpringFreeProgramTests: it creates
 * the FIFOs "requests" and "replies" in the directory given as its argument, answers one request,
 * and says whether any Spring class is on its class path.
 */
public class PlainEchoProgram {

	public static void main(String[] args) throws Exception {
		PipeOptions options = PipeOptions.defaults().withBaseDirectory(Path.of(args[0]));
		try (NamedPipe requests = NamedPipe.of("requests", options).create();
				NamedPipe replies = NamedPipe.of("replies", options).create();
				ReadPipeEnd in = new ReadPipeEnd(requests, new LengthCrc32Codec()).open()) {
			System.out.println("ready");
			byte[] request = in.read();
			try (WritePipeEnd out = new WritePipeEnd(replies, new LengthCrc32Codec()).open()) {
				out.write(("echo: " + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
			}
		}
		System.out.println("spring " + (springLoadable() ? "present" : "absent"));
	}

	private static boolean springLoadable() {
		if (ClassLoader.getSystemResource("org/springframework/") != null) {
			return true;
		}
		for (String name : new String[] { "org.springframework.core.SpringVersion",
				"org.springframework.context.ApplicationContext", "org.springframework.boot.SpringApplication" }) {
			try {
				Class.forName(name);
				return true;
			}
			catch (ClassNotFoundException ex) {
				// as it should be
			}
		}
		return false;
	}

}
