package io.github.xpipe.test.context;

import java.util.Collection;
import java.util.List;

import io.github.xpipe.core.ManagedPipe;
import io.github.xpipe.core.PipeRegistry;
import io.github.xpipe.support.converter.XPipeMessageConverter;
import io.github.xpipe.test.PayloadConverter;
import io.github.xpipe.test.PipeEndpoint;
import io.github.xpipe.test.PipeTestClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link PipeTestClient} bean bound to every pipe the application declares, by its declared name,
 * path, direction, framing and charset; it converts payloads with the application's {@link
 * XPipeMessageConverter}, so a test sends and receives objects as the application's template and
 * listeners do. Its read ends open right after the pipes are created, before any listener starts,
 * and close before the pipes are removed.
 *
 * <p>{@link io.github.xpipe.test.XPipeTest @XPipeTest} adds this configuration to every Spring test
 * context; add it yourself elsewhere, e.g. to an {@code ApplicationContextRunner} with
 * {@code withUserConfiguration(PipeTestClientConfiguration.class)}.
 */
@Configuration(proxyBeanMethods = false)
public class PipeTestClientConfiguration {

	@Bean
	ContainerWriterDisconnects xpipeTestWriterDisconnects() {
		return new ContainerWriterDisconnects();
	}

	@Bean
	PipeTestClient xpipeTestClient(ObjectProvider<PipeRegistry> pipeRegistry,
			ObjectProvider<XPipeMessageConverter> messageConverter, ContainerWriterDisconnects writerDisconnects) {
		Collection<ManagedPipe> pipes = pipeRegistry.stream().flatMap((registry) -> registry.getPipes().stream()).toList();
		PayloadConverter converter = messageConverter.stream()
			.findFirst()
			.<PayloadConverter>map(MessageConverterPayloadConverter::new)
			.orElseGet(PayloadConverter::plain);
		PipeTestClient.Builder builder = PipeTestClient.builder().converter(converter).writerDisconnects(writerDisconnects);
		endpoints(pipes).forEach(builder::pipe);
		return builder.build();
	}

	@Bean
	PipeTestClientLifecycle xpipeTestClientLifecycle(PipeTestClient xpipeTestClient) {
		return new PipeTestClientLifecycle(xpipeTestClient);
	}

	private static List<PipeEndpoint> endpoints(Collection<ManagedPipe> pipes) {
		return pipes.stream()
			.map((pipe) -> new PipeEndpoint(pipe.getName(), pipe.getPath(), pipe.getDirection(),
					pipe.getDefinition().codec(), pipe.getDefinition().charset()))
			.toList();
	}

}
