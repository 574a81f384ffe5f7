package io.github.xpipe.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The xpipe sample: an echo service ({@code inbox} to {@code outbox}) and an order desk
 * ({@code orders} to {@code receipts}) over named pipes declared in {@code application.yml}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
