package io.github.xpipe.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that uses named pipes: each test gets a private pipe directory, deleted with
 * everything in it afterwards, so tests run in parallel and leave nothing behind.
 *
 * <ul>
 * <li>Plain JUnit: declare a {@link PipeTestDirectory} parameter. Each test gets a directory of its
 * own, unless a {@code @BeforeAll} method asked for one: then the tests of that class share it (see
 * {@link PipeTestExtension}).</li>
 * <li>Spring ({@code @SpringBootTest} and other Spring test contexts, with the starter on the class
 * path): each application context gets a directory of its own as {@code xpipe.base-dir}, unless the
 * test sets {@code xpipe.base-dir} in its own properties, and a {@link PipeTestClient} bean bound to
 * the application's declared pipes by name; both can be {@code @Autowired}.</li>
 * </ul>
 *
 * <pre>{@code
 * @XPipeTest
 * class EchoTests {
 *
 *     @Test
 *     void echoes(PipeTestDirectory pipes) {
 *         try (Echo echo = Echo.start(pipes.options());
 *              PipeTestClient client = PipeTestClient.builder().baseDirectory(pipes.path())
 *                  .inbound("inbox").outbound("outbox").build()) {
 *             client.send("inbox", "hello");
 *             assertThat(client.receive("outbox", String.class, Duration.ofSeconds(10))).isEqualTo("hello");
 *         }
 *     }
 *
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PipeTestExtension.class)
public @interface XPipeTest {

}
