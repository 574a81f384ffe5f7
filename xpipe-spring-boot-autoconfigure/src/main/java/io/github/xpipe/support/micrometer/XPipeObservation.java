package io.github.xpipe.support.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of xpipe. With a {@link io.micrometer.observation.ObservationRegistry} that has
 * a meter handler, each becomes a timer of that name tagged {@code pipe}, {@code framing} and
 * {@code outcome}; with a tracing handler, a span.
 */
public enum XPipeObservation implements ObservationDocumentation {

	/** A listener handling one message read from a pipe. */
	LISTENER_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPipeListenerObservationConvention.class;
		}

	},

	/** The template sending one message to a pipe. */
	TEMPLATE_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPipeTemplateObservationConvention.class;
		}

	};

	@Override
	public String getPrefix() {
		return "xpipe";
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return PipeLowCardinalityTags.values();
	}

	/** The low-cardinality tags of both observations. */
	public enum PipeLowCardinalityTags implements KeyName {

		/** The declared name of the pipe. */
		PIPE {

			@Override
			public String asString() {
				return "pipe";
			}

		},

		/** The framing of the pipe: {@code length-crc32} or {@code base64}. */
		FRAMING {

			@Override
			public String asString() {
				return "framing";
			}

		},

		/** {@code success}, or {@code failure} when the listener or the send threw. */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		}

	}

}
