package io.github.xpipe.test;

/** {@link PayloadConverter#plain()}: {@code byte[]} as is, {@code String} in the pipe's charset. */
final class PlainPayloadConverter implements PayloadConverter {

	static final PlainPayloadConverter INSTANCE = new PlainPayloadConverter();

	private PlainPayloadConverter() {
	}

	@Override
	public byte[] toBytes(Object payload, PipeEndpoint pipe) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String text) {
			return text.getBytes(pipe.charset());
		}
		throw new IllegalArgumentException("Cannot turn a " + payload.getClass().getName() + " into bytes for pipe '"
				+ pipe.name() + "': the plain converter knows byte[] and String; give the client a PayloadConverter "
				+ "for other types (PipeTestClient.Builder.converter)");
	}

	@Override
	public <T> T fromBytes(byte[] payload, Class<T> type, PipeEndpoint pipe) {
		if (type == byte[].class) {
			return type.cast(payload);
		}
		if (type == String.class) {
			return type.cast(new String(payload, pipe.charset()));
		}
		throw new IllegalArgumentException("Cannot turn a payload of pipe '" + pipe.name() + "' into a "
				+ type.getName() + ": the plain converter knows byte[] and String; give the client a PayloadConverter "
				+ "for other types (PipeTestClient.Builder.converter)");
	}

}
