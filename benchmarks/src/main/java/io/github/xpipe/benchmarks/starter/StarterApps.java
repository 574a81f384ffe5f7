package io.github.xpipe.benchmarks.starter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the starter peers share: how a Spring application of the benchmark is started (no web
 * server, no banner, warnings only) with its pipes declared as {@code xpipe.pipes.*} properties,
 * exactly as an application would declare them.
 */
public final class StarterApps {

	private StarterApps() {
	}

	/** Starts {@code source} with the given properties on top of the quiet defaults. */
	public static ConfigurableApplicationContext start(Class<?> source, Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(source);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("logging.level.root", "WARN");
		defaults.putAll(properties);
		application.setDefaultProperties(defaults);
		return application.run();
	}

	/**
	 * The properties declaring one pipe.
	 * @param name the pipe's name in the application
	 * @param path its FIFO path
	 * @param direction {@code inbound} or {@code outbound}
	 * @param create whether this application creates (and later removes) it
	 * @param framing {@code lcrc} or {@code b64}, as the peers name them
	 */
	public static Map<String, Object> pipe(String name, String path, String direction, boolean create, String framing) {
		String prefix = "xpipe.pipes." + name + ".";
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put(prefix + "path", path);
		properties.put(prefix + "direction", direction);
		properties.put(prefix + "create", create);
		properties.put(prefix + "framing", "b64".equals(framing) ? "base64" : "length-crc32");
		properties.put(prefix + "connect-timeout", "120s");
		return properties;
	}

}
