package io.github.xpipe.sample.stream;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * The answer to an {@link Order} on the {@code price-out-0} binding, e.g.
 * {@code {"item": "apple", "quantity": 3, "status": "ACCEPTED", "total": 1.50, "reason": null}}.
 *
 * @param item the order's item
 * @param quantity the order's quantity
 * @param status whether the order was accepted
 * @param total what the order costs, {@code null} when it was rejected
 * @param reason why the order was rejected, {@code null} when it was accepted
 */
public record Receipt(@Nullable String item, @Nullable Integer quantity, Status status, @Nullable BigDecimal total,
		@Nullable String reason) {

	static Receipt accepted(Order order, BigDecimal total) {
		return new Receipt(order.item(), order.quantity(), Status.ACCEPTED, total, null);
	}

	static Receipt rejected(Order order, String reason) {
		return new Receipt(order.item(), order.quantity(), Status.REJECTED, null, reason);
	}

	/** The outcome of an order. */
	public enum Status {

		/** The order was valid and its item is on the price list. */
		ACCEPTED,

		/** The order broke a constraint of {@link Order} or asked for an item that has no price. */
		REJECTED

	}

}
