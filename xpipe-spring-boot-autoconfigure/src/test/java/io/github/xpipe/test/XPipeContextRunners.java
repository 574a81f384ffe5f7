package io.github.xpipe.test;

import java.nio.file.Path;

import io.github.xpipe.autoconfigure.XPipeAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Context runners with xpipe's auto-configuration, as the starter's tests use them. */
public final class XPipeContextRunners {

	private XPipeContextRunners() {
	}

	/** {@link XPipeAutoConfiguration} with {@code xpipe.base-dir} set and these further properties. */
	public static ApplicationContextRunner withBaseDir(Path baseDir, String... properties) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(XPipeAutoConfiguration.class))
			.withPropertyValues("xpipe.base-dir=" + baseDir)
			.withPropertyValues(properties);
	}

}
