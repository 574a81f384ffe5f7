package io.github.xpipe.sample.stream;

import jakarta.validation.Validator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Cloud Stream application that prices orders: JSON {@link Order}s in, JSON
 * {@link Receipt}s out, input that is not an order to a dead-letter destination. It depends on
 * Spring Cloud Stream only; the binder on the classpath (xpipe's named pipes on one host, Kafka
 * across hosts) and each binding's {@code destination} decide where the messages travel.
 */
@SpringBootApplication
@EnableConfigurationProperties(PriceListProperties.class)
public class StreamSampleApplication {

	/**
	 * The function bound as {@code price-in-0} and {@code price-out-0}.
	 * @param priceList what one of each item costs
	 * @param validator checks each order's constraints
	 * @return the function
	 */
	@Bean
	public OrderPricing price(PriceListProperties priceList, Validator validator) {
		return new OrderPricing(priceList, validator);
	}

	/**
	 * The error handler of {@code price-in-0}.
	 * @param streamBridge sends dead letters on the {@code rejects} binding
	 * @return the handler
	 */
	@Bean
	public DeadLetters deadLetters(StreamBridge streamBridge) {
		return new DeadLetters(streamBridge);
	}

	/**
	 * Starts the application.
	 * @param args command-line arguments, e.g. {@code --spring.profiles.active=kafka}
	 */
	public static void main(String[] args) {
		SpringApplication.run(StreamSampleApplication.class, args);
	}

}
