package io.github.xpipe.hardening;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.xpipe.annotation.PipeListener;

/**
 * A listener of JSON orders on the pipe {@code orders}, with the default error handler: input that
 * is not an order fails the conversion, and the handler logs it.
 */
public class OrderInbox {

	private final AtomicInteger accepted = new AtomicInteger();

	@PipeListener(value = "orders", id = "orders")
	public void receive(Order order) {
		this.accepted.incrementAndGet();
	}

	/** Orders received intact. */
	int accepted() {
		return this.accepted.get();
	}

	/** An order as JSON: {@code {"item": "apple", "quantity": 3}}. */
	public record Order(String item, int quantity) {

	}

}
