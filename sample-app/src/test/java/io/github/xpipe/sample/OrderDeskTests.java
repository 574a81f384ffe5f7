package io.github.xpipe.sample;

import java.time.Duration;

import io.github.xpipe.sample.Receipt.Status;
import io.github.xpipe.test.PipeTestClient;
import io.github.xpipe.test.XPipeTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order desk in the real application: JSON orders in on {@code orders}, JSON receipts out on
 * {@code receipts}, sent and read by the test client through the application's own JSON converter.
 */
@SpringBootTest
@XPipeTest
@DisabledOnOs(OS.WINDOWS)
class OrderDeskTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	@Autowired
	PipeTestClient client;

	@Test
	void acceptsOrdersOfAtLeastOne() {
		this.client.send("orders", new Order("apple", 3));
		this.client.send("orders", "{\"item\": \"plum\", \"quantity\": 250}");
		assertThat(receipt()).isEqualTo(new Receipt("apple", 3, Status.ACCEPTED));
		assertThat(receipt()).isEqualTo(new Receipt("plum", 250, Status.ACCEPTED));
	}

	@Test
	void rejectsQuantitiesBelowOneWithAReceipt() {
		this.client.send("orders", new Order("pear", 0));
		this.client.send("orders", new Order("kiwi", -2));
		assertThat(receipt()).isEqualTo(new Receipt("pear", 0, Status.REJECTED));
		assertThat(receipt()).isEqualTo(new Receipt("kiwi", -2, Status.REJECTED));
	}

	@Test
	void rejectsOrdersMissingAnItemOrAQuantity() {
		this.client.send("orders", "{\"quantity\": 2}");
		this.client.send("orders", "{\"item\": \"lime\"}");
		this.client.send("orders", new Order(" ", 4));
		assertThat(receipt()).isEqualTo(new Receipt(null, 2, Status.REJECTED));
		assertThat(receipt()).isEqualTo(new Receipt("lime", null, Status.REJECTED));
		assertThat(receipt()).isEqualTo(new Receipt(" ", 4, Status.REJECTED));
	}

	@Test
	void answersEveryOrderInTheOrderItCame() {
		String[] items = { "a", "b", "c", "d", "e" };
		int[] quantities = { 1, 0, 2, -1, 3 };
		for (int i = 0; i < items.length; i++) {
			this.client.send("orders", new Order(items[i], quantities[i]));
		}
		for (int i = 0; i < items.length; i++) {
			assertThat(receipt()).isEqualTo(new Receipt(items[i], quantities[i],
					(quantities[i] > 0) ? Status.ACCEPTED : Status.REJECTED));
		}
	}

	@Test
	void goesOnAfterInputThatIsNotAnOrder() {
		this.client.send("orders", "{this is not json");
		this.client.writer("orders").sendWithBadCrc(new byte[] { '{', '}' });
		this.client.send("orders", new Order("apple", 1));
		assertThat(receipt()).isEqualTo(new Receipt("apple", 1, Status.ACCEPTED));
	}

	@Test
	void receiptsAreTheJsonTheDocumentationShows() {
		this.client.send("orders", new Order("apple", 3));
		assertThat(this.client.receive("receipts", String.class, TIMEOUT))
			.isEqualTo("{\"item\":\"apple\",\"quantity\":3,\"status\":\"ACCEPTED\"}");
	}

	private Receipt receipt() {
		return this.client.receive("receipts", Receipt.class, TIMEOUT);
	}

}
