package io.github.xpipe.autoconfigure;

import java.nio.file.Path;

import io.github.xpipe.annotation.PipeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/** A real {@link SpringApplication} reports xpipe misconfiguration through our failure analyzers. */
@EnabledOnOs({ OS.LINUX, OS.MAC })
@ExtendWith(OutputCaptureExtension.class)
class XPipeStartupFailureReportTests {

	@TempDir
	Path baseDir;

	@Test
	void unknownPipeIsReportedWithTheDeclaredPipesAndWhatToSet(CapturedOutput output) {
		SpringApplication application = new SpringApplication(MisconfiguredApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--xpipe.base-dir=" + this.baseDir,
				"--xpipe.pipes.inbox.direction=inbound", "--xpipe.pipes.outbox.direction=outbound",
				"--spring.main.banner-mode=off"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Pipe 'orders' named by @PipeListener on MisconfiguredApplication.on(String) is not declared.")
			.contains("Declared pipes: inbox, outbox")
			.contains("xpipe.pipes.orders.direction=inbound");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(XPipeAutoConfiguration.class)
	static class MisconfiguredApplication {

		@PipeListener("orders")
		void on(String text) {
		}

	}

}
