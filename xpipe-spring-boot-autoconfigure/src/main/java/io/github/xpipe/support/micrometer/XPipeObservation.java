package io.github.xpipe.support.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of xpipe, with the messaging key names spring-kafka uses. With an
 * {@link io.micrometer.observation.ObservationRegistry} that has a meter handler, each becomes a
 * timer of its name tagged with its low-cardinality keys (and {@code error}); with a tracing
 * handler, a span carrying the high-cardinality keys too.
 */
public enum XPipeObservation implements ObservationDocumentation {

	/** A listener handling one message read from a pipe. */
	LISTENER_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPipeListenerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ListenerLowCardinalityTags.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return MessageHighCardinalityTags.values();
		}

	},

	/** The template sending one message to a pipe. */
	TEMPLATE_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPipeTemplateObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return TemplateLowCardinalityTags.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return MessageHighCardinalityTags.values();
		}

	};

	/** The value of {@code messaging.system}. */
	public static final String MESSAGING_SYSTEM = "xpipe";

	/** The value of {@code messaging.source.kind} and {@code messaging.destination.kind}. */
	public static final String PIPE_KIND = "pipe";

	/** The low-cardinality keys of the {@code xpipe.listener} observation. */
	public enum ListenerLowCardinalityTags implements KeyName {

		/** The id of the listener. */
		LISTENER_ID {

			@Override
			public String asString() {
				return "xpipe.listener.id";
			}

		},

		/** {@value XPipeObservation#MESSAGING_SYSTEM}. */
		MESSAGING_SYSTEM {

			@Override
			public String asString() {
				return "messaging.system";
			}

		},

		/** {@code process}: a listener handles a message. */
		MESSAGING_OPERATION {

			@Override
			public String asString() {
				return "messaging.operation";
			}

		},

		/** The declared name of the pipe the message came from. */
		MESSAGING_SOURCE_NAME {

			@Override
			public String asString() {
				return "messaging.source.name";
			}

		},

		/** {@value XPipeObservation#PIPE_KIND}. */
		MESSAGING_SOURCE_KIND {

			@Override
			public String asString() {
				return "messaging.source.kind";
			}

		},

		/** The framing of the pipe: {@code length-crc32} or {@code base64}. */
		FRAMING {

			@Override
			public String asString() {
				return "xpipe.framing";
			}

		}

	}

	/** The low-cardinality keys of the {@code xpipe.template} observation. */
	public enum TemplateLowCardinalityTags implements KeyName {

		/** {@value XPipeObservation#MESSAGING_SYSTEM}. */
		MESSAGING_SYSTEM {

			@Override
			public String asString() {
				return "messaging.system";
			}

		},

		/** {@code publish}: the template sends a message. */
		MESSAGING_OPERATION {

			@Override
			public String asString() {
				return "messaging.operation";
			}

		},

		/** The declared name of the pipe the message goes to. */
		MESSAGING_DESTINATION_NAME {

			@Override
			public String asString() {
				return "messaging.destination.name";
			}

		},

		/** {@value XPipeObservation#PIPE_KIND}. */
		MESSAGING_DESTINATION_KIND {

			@Override
			public String asString() {
				return "messaging.destination.kind";
			}

		},

		/** The framing of the pipe: {@code length-crc32} or {@code base64}. */
		FRAMING {

			@Override
			public String asString() {
				return "xpipe.framing";
			}

		}

	}

	/** The high-cardinality keys of both observations: spans carry them, meters do not. */
	public enum MessageHighCardinalityTags implements KeyName {

		/** The size of the message's payload in bytes (without its framing). */
		MESSAGING_MESSAGE_BODY_SIZE {

			@Override
			public String asString() {
				return "messaging.message.body.size";
			}

		}

	}

}
