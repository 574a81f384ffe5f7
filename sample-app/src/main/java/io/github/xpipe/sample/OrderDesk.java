package io.github.xpipe.sample;

import java.util.Set;
import java.util.stream.Collectors;

import io.github.xpipe.annotation.PipeListener;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.stereotype.Component;

/**
 * Answers every JSON {@link Order} on {@code orders} with a JSON {@link Receipt} on
 * {@code receipts}: {@code ACCEPTED} when the order is valid, {@code REJECTED} when it breaks one of
 * its Bean Validation constraints (a quantity below 1, no item).
 *
 * <p>An invalid order is a normal business outcome that the sender must hear about, so it is
 * validated here and answered, rather than failed with {@code @Valid} (which would hand it to the
 * listener's error handler and send nothing back). Input that is not an order at all (not JSON)
 * still goes to the error handler, which logs it; the desk goes on with the next message.
 */
@Component
public class OrderDesk {

	private static final Log logger = LogFactory.getLog(OrderDesk.class);

	private final Validator validator;

	public OrderDesk(Validator validator) {
		this.validator = validator;
	}

	@PipeListener("orders")
	@SendTo("receipts")
	public Receipt receive(Order order) {
		Set<ConstraintViolation<Order>> violations = this.validator.validate(order);
		if (violations.isEmpty()) {
			return Receipt.accepted(order);
		}
		if (logger.isInfoEnabled()) {
			logger.info("Rejected " + order + ": " + describe(violations));
		}
		return Receipt.rejected(order);
	}

	private static String describe(Set<ConstraintViolation<Order>> violations) {
		return violations.stream()
			.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
			.sorted()
			.collect(Collectors.joining(", "));
	}

}
