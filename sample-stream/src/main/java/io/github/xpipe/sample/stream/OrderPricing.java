package io.github.xpipe.sample.stream;

import java.math.BigDecimal;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * The application's one function: validates each {@link Order}, prices it from the
 * {@link PriceListProperties price list} and answers with a {@link Receipt}. Spring Cloud Stream
 * binds it as {@code price-in-0} (orders in) and {@code price-out-0} (receipts out); it sees neither
 * pipes nor topics.
 *
 * <p>An invalid order, or one for an item with no price, is a business outcome the sender must hear
 * about: it is answered with a {@code REJECTED} receipt. Input that is not an order at all (not JSON)
 * never reaches this function; see {@link DeadLetters}.
 */
public class OrderPricing implements Function<Order, Receipt> {

	private final PriceListProperties priceList;

	private final Validator validator;

	/**
	 * Creates the function.
	 * @param priceList what one of each item costs
	 * @param validator checks each order's constraints
	 */
	public OrderPricing(PriceListProperties priceList, Validator validator) {
		this.priceList = priceList;
		this.validator = validator;
	}

	@Override
	public Receipt apply(Order order) {
		Set<ConstraintViolation<Order>> violations = this.validator.validate(order);
		if (!violations.isEmpty()) {
			return Receipt.rejected(order, describe(violations));
		}
		BigDecimal price = this.priceList.prices().get(order.item());
		if (price == null) {
			return Receipt.rejected(order, "item not on the price list");
		}
		return Receipt.accepted(order, price.multiply(BigDecimal.valueOf(order.quantity())));
	}

	private static String describe(Set<ConstraintViolation<Order>> violations) {
		return violations.stream()
			.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
			.sorted()
			.collect(Collectors.joining(", "));
	}

}
