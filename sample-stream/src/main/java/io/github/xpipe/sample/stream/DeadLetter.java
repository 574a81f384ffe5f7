package io.github.xpipe.sample.stream;

/**
 * What {@link DeadLetters} sends on the {@code rejects} binding for input that could not be
 * processed, e.g. {@code {"payload": "{not json", "reason": "..."}}. Everything is in the payload,
 * so it reads the same on a binder that carries headers and on one that does not.
 *
 * @param payload the input as it arrived, as UTF-8 text
 * @param reason why it could not be processed
 */
public record DeadLetter(String payload, String reason) {

}
