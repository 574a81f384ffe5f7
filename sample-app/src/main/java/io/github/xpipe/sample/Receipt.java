package io.github.xpipe.sample;

import org.jspecify.annotations.Nullable;

/**
 * The answer to an {@link Order} on {@code receipts}, e.g.
 * {@code {"item": "apple", "quantity": 3, "status": "ACCEPTED"}}.
 *
 * @param item the order's item
 * @param quantity the order's quantity
 * @param status whether the order was accepted
 */
public record Receipt(@Nullable String item, @Nullable Integer quantity, Status status) {

	static Receipt accepted(Order order) {
		return new Receipt(order.item(), order.quantity(), Status.ACCEPTED);
	}

	static Receipt rejected(Order order) {
		return new Receipt(order.item(), order.quantity(), Status.REJECTED);
	}

	/** The outcome of an order. */
	public enum Status {

		/** The order was valid. */
		ACCEPTED,

		/** The order broke a constraint of {@link Order}, e.g. a quantity below 1. */
		REJECTED

	}

}
