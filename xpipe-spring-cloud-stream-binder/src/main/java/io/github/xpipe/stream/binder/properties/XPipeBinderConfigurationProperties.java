package io.github.xpipe.stream.binder.properties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of the xpipe binder as a whole, {@code spring.cloud.stream.xpipe.binder.*}. The
 * settings every binding's pipe gets by default are under
 * {@code spring.cloud.stream.xpipe.default.consumer|producer.*} (see
 * {@link XPipeExtendedBindingProperties}).
 */
@ConfigurationProperties("spring.cloud.stream.xpipe.binder")
public class XPipeBinderConfigurationProperties {

	/**
	 * Headers a binding with header-mode: embedded-headers carries in its payloads besides Spring
	 * Cloud Stream's standard ones (contentType, correlationId, sequenceSize, sequenceNumber). The
	 * default carries the W3C and B3 trace context, so a trace continues across the pipe.
	 */
	private String[] headers = { "traceparent", "tracestate", "b3" };

	/**
	 * Whether bindings are observed through the application's ObservationRegistry: a producer
	 * binding's output channel (which puts the trace context in the message, to embed) and a
	 * consumer binding's inbound endpoint (which continues the trace the message carries).
	 */
	private boolean observationEnabled;

	public String[] getHeaders() {
		return this.headers;
	}

	public void setHeaders(String[] headers) {
		this.headers = headers;
	}

	public boolean isObservationEnabled() {
		return this.observationEnabled;
	}

	public void setObservationEnabled(boolean observationEnabled) {
		this.observationEnabled = observationEnabled;
	}

}
