package io.github.xpipe.sample.stream;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.xpipe.sample.stream.Receipt.Status;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the stream sample does, whatever its binder: each subclass starts the unchanged
 * {@link StreamSampleApplication} on one binder and says how a peer of that binder sends an order
 * and reads a receipt or a dead letter; the assertions are here, once.
 */
abstract class OrderStreamTests {

	/** How long a peer waits for the application's answer. */
	protected static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Sends a message to the application's orders destination, as a peer of the binder would.
	 * @param payload the message's bytes
	 * @throws Exception if it cannot be sent
	 */
	protected abstract void sendOrder(byte[] payload) throws Exception;

	/**
	 * Reads the next message from the application's receipts destination.
	 * @return its bytes
	 * @throws Exception if none arrives within {@link #TIMEOUT}
	 */
	protected abstract byte[] nextReceipt() throws Exception;

	/**
	 * Reads the next message from the application's rejects destination.
	 * @return its bytes
	 * @throws Exception if none arrives within {@link #TIMEOUT}
	 */
	protected abstract byte[] nextDeadLetter() throws Exception;

	@Test
	void pricesAValidOrder() throws Exception {
		sendOrder("{\"item\": \"apple\", \"quantity\": 3}");
		assertThat(receipt()).usingRecursiveComparison()
			.withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
			.isEqualTo(new Receipt("apple", 3, Status.ACCEPTED, new BigDecimal("1.50"), null));
	}

	@Test
	void receiptsAreTheJsonTheDocumentationShows() throws Exception {
		sendOrder("{\"item\": \"pear\", \"quantity\": 2}");
		assertThat(new String(nextReceipt(), StandardCharsets.UTF_8))
			.isEqualTo("{\"item\":\"pear\",\"quantity\":2,\"status\":\"ACCEPTED\",\"total\":1.50,\"reason\":null}");
	}

	@Test
	void totalsKeepTheCentsOfThePriceList() throws Exception {
		sendOrder("{\"item\": \"plum\", \"quantity\": 5}");
		assertThat(new String(nextReceipt(), StandardCharsets.UTF_8))
			.isEqualTo("{\"item\":\"plum\",\"quantity\":5,\"status\":\"ACCEPTED\",\"total\":6.00,\"reason\":null}");
	}

	@Test
	void rejectsAnOrderThatBreaksAConstraint() throws Exception {
		sendOrder("{\"item\": \"plum\", \"quantity\": 0}");
		sendOrder("{\"quantity\": 2}");
		assertThat(receipt()).isEqualTo(new Receipt("plum", 0, Status.REJECTED, null, "quantity must be greater than or equal to 1"));
		assertThat(receipt()).isEqualTo(new Receipt(null, 2, Status.REJECTED, null, "item must not be blank"));
	}

	@Test
	void rejectsAnItemThatHasNoPrice() throws Exception {
		sendOrder("{\"item\": \"durian\", \"quantity\": 1}");
		assertThat(receipt()).isEqualTo(new Receipt("durian", 1, Status.REJECTED, null, "item not on the price list"));
	}

	@Test
	void answersOrdersInTheOrderTheyCame() throws Exception {
		String[] items = { "apple", "pear", "plum", "apple", "pear" };
		for (int i = 0; i < items.length; i++) {
			sendOrder("{\"item\": \"" + items[i] + "\", \"quantity\": " + (i + 1) + "}");
		}
		for (int i = 0; i < items.length; i++) {
			Receipt receipt = receipt();
			assertThat(receipt.item()).isEqualTo(items[i]);
			assertThat(receipt.quantity()).isEqualTo(i + 1);
			assertThat(receipt.status()).isEqualTo(Status.ACCEPTED);
		}
	}

	@Test
	void sendsInputThatIsNotAnOrderToRejectsAndGoesOn() throws Exception {
		sendOrder("{this is not json");
		sendOrder("{\"item\": \"plum\", \"quantity\": 5}");
		DeadLetter deadLetter = this.json.readValue(nextDeadLetter(), DeadLetter.class);
		assertThat(deadLetter.payload()).isEqualTo("{this is not json");
		assertThat(deadLetter.reason()).isNotBlank();
		assertThat(receipt()).usingRecursiveComparison()
			.withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
			.isEqualTo(new Receipt("plum", 5, Status.ACCEPTED, new BigDecimal("6.00"), null));
	}

	private void sendOrder(String json) throws Exception {
		sendOrder(json.getBytes(StandardCharsets.UTF_8));
	}

	private Receipt receipt() throws Exception {
		return this.json.readValue(nextReceipt(), Receipt.class);
	}

}
