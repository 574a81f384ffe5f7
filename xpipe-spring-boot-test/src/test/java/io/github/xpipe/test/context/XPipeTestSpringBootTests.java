package io.github.xpipe.test.context;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.github.xpipe.codec.CrcMismatchException;
import io.github.xpipe.codec.InvalidBase64Exception;
import io.github.xpipe.codec.MalformedFrameException;
import io.github.xpipe.codec.TruncatedFrameException;
import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.test.PipeTestClient;
import io.github.xpipe.test.PipeTestDirectory;
import io.github.xpipe.test.PipeTestWriter;
import io.github.xpipe.test.XPipeTest;
import io.github.xpipe.test.context.EchoApplication.Failures;
import io.github.xpipe.test.context.EchoApplication.Order;
import io.github.xpipe.test.context.EchoApplication.Receipt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A {@code @SpringBootTest} marked {@link XPipeTest @XPipeTest}, against real FIFOs. */
@SpringBootTest(classes = EchoApplication.class,
		properties = { "xpipe.pipes.inbox.direction=inbound", "xpipe.pipes.outbox.direction=outbound",
				"xpipe.pipes.orders.direction=inbound", "xpipe.pipes.orders.framing=base64",
				"xpipe.pipes.receipts.direction=outbound", "xpipe.pipes.receipts.framing=base64",
				"xpipe.pipes.jobs.direction=inbound", "xpipe.pipes.jobs.byte-order=big-endian",
				"xpipe.pipes.jobs.crc=false", "xpipe.pipes.done.direction=outbound",
				"xpipe.pipes.done.byte-order=big-endian", "xpipe.pipes.done.crc=false" })
@XPipeTest
@DisabledOnOs(OS.WINDOWS)
class XPipeTestSpringBootTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Autowired
	PipeTestClient client;

	@Autowired
	PipeTestDirectory directory;

	@Autowired
	PipeRegistry pipes;

	@Autowired
	Failures failures;

	@BeforeEach
	void forgetEarlierFailures() {
		this.failures.causes.clear();
	}

	@Test
	void theApplicationsPipesLiveInThePrivateDirectoryOfItsContext() throws Exception {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.directory.path(),
				LinkOption.NOFOLLOW_LINKS))).isEqualTo("rwx------");
		for (ManagedPipe pipe : this.pipes.getPipes()) {
			assertThat(Path.of(pipe.getPath())).hasParent(this.directory.path()).exists();
		}
		assertThat(this.client.pipeNames()).containsExactly("inbox", "outbox", "orders", "receipts", "jobs", "done");
		assertThat(this.client.endpoint("orders").codec()).isEqualTo(this.pipes.findPipe("orders").getDefinition().codec());
	}

	@Test
	void talksToEachPipeInItsFramingAndByteOrder() {
		this.client.send("inbox", "hello");
		this.client.send("jobs", "shout".getBytes(StandardCharsets.UTF_8));
		assertThat(this.client.receive("outbox", String.class, TIMEOUT)).isEqualTo("hello");
		assertThat(this.client.receive("done", TIMEOUT)).isEqualTo("SHOUT".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void sendsAndReceivesObjectsAsTheApplicationsMessageConverterDoes() {
		this.client.send("orders", new Order("pen", 2));
		this.client.send("orders", "{\"item\":\"ink\",\"quantity\":0}");
		assertThat(this.client.receive("receipts", Receipt.class, TIMEOUT)).isEqualTo(new Receipt("pen", 2, "ACCEPTED"));
		assertThat(this.client.receive("receipts", String.class, TIMEOUT))
			.isEqualTo("{\"item\":\"ink\",\"quantity\":0,\"status\":\"REJECTED\"}");
	}

	@Test
	void theApplicationRejectsEachInjectedBadFrameAndAnswersTheNextMessage() {
		PipeTestWriter inbox = this.client.writer("inbox");
		inbox.sendWithBadCrc("corrupt".getBytes(StandardCharsets.UTF_8));
		inbox.send("after bad crc");
		inbox.sendTruncated("cut short".getBytes(StandardCharsets.UTF_8));
		inbox.send("after truncated");
		inbox.sendMalformedHeader();
		inbox.send("after malformed header");
		this.client.writer("orders").sendInvalidBase64();
		this.client.send("orders", new Order("after invalid base64", 1));
		assertThat(this.client.receive("outbox", String.class, TIMEOUT)).isEqualTo("after bad crc");
		assertThat(this.client.receive("outbox", String.class, TIMEOUT)).isEqualTo("after truncated");
		assertThat(this.client.receive("outbox", String.class, TIMEOUT)).isEqualTo("after malformed header");
		assertThat(this.client.receive("receipts", Receipt.class, TIMEOUT).item()).isEqualTo("after invalid base64");
		await().atMost(TIMEOUT).until(() -> this.failures.causes.size() == 4);
		// inbox and orders have a listener thread each: their failures interleave in any order
		assertThat(this.failures.causes).<Class<?>>extracting(Object::getClass)
			.containsExactlyInAnyOrder(CrcMismatchException.class, TruncatedFrameException.class,
					MalformedFrameException.class, InvalidBase64Exception.class);
	}

	@Test
	void aWriterThatSendsNoCrcIsHeardWhereCrcsAreNotChecked() {
		this.client.writer("jobs").sendWithoutCrc("quiet".getBytes(StandardCharsets.UTF_8));
		assertThat(this.client.receive("done", String.class, TIMEOUT)).isEqualTo("QUIET");
	}

}
