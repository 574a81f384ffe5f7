package io.github.xpipe.integration.dsl;

import io.github.xpipe.config.PipeListenerContainerFactory;
import io.github.xpipe.core.XPipeOperations;

/**
 * Factory of the Java DSL specs of the pipe channel adapters, e.g.
 * <pre class="code">
 * IntegrationFlow.from(XPipe.inboundChannelAdapter(containerFactory, "requests"))
 *     .transform(...)
 *     .handle(XPipe.outboundChannelAdapter(template).pipe("replies"))
 *     .get();
 * </pre>
 */
public final class XPipe {

	private XPipe() {
	}

	/**
	 * An inbound channel adapter reading this pipe through a container of this factory.
	 * @see io.github.xpipe.integration.inbound.PipeInboundChannelAdapter
	 */
	public static PipeInboundChannelAdapterSpec inboundChannelAdapter(PipeListenerContainerFactory<?> containerFactory,
			String pipe) {
		return new PipeInboundChannelAdapterSpec(containerFactory, pipe);
	}

	/**
	 * An outbound channel adapter writing through these operations; say to which pipe with
	 * {@link PipeMessageHandlerSpec#pipe pipe}, {@link PipeMessageHandlerSpec#pipeExpression
	 * pipeExpression} or {@link PipeMessageHandlerSpec#pipeFunction pipeFunction}.
	 * @see io.github.xpipe.integration.outbound.PipeMessageHandler
	 */
	public static PipeMessageHandlerSpec outboundChannelAdapter(XPipeOperations operations) {
		return new PipeMessageHandlerSpec(operations);
	}

}
