package io.github.xpipe.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.xpipe.sample.PythonClient.Result;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The order desk driven by the Python client's {@code --orders} mode: JSON orders in on
 * {@code orders}, JSON receipts out on {@code receipts}.
 */
class OrderDeskTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path tempDir;

	private static ConfigurableApplicationContext app;

	private static PythonClient client;

	@BeforeAll
	static void startApplication() {
		Path baseDir = tempDir.resolve("pipes");
		app = SampleApplications.start(baseDir, List.of());
		client = new PythonClient(baseDir, tempDir);
	}

	@AfterAll
	static void stopApplication() {
		app.close();
	}

	@Test
	void acceptsOrdersOfAtLeastOne() throws Exception {
		List<Map<String, Object>> receipts = order("apple:3", "fig:1", "{\"item\": \"plum\", \"quantity\": 250}");
		assertThat(receipts).hasSize(3);
		assertThat(receipts.get(0)).containsOnly(entry("item", "apple"), entry("quantity", 3), entry("status", "ACCEPTED"));
		assertThat(receipts.get(1)).containsOnly(entry("item", "fig"), entry("quantity", 1), entry("status", "ACCEPTED"));
		assertThat(receipts.get(2)).containsOnly(entry("item", "plum"), entry("quantity", 250), entry("status", "ACCEPTED"));
	}

	@Test
	void rejectsQuantitiesBelowOneWithAReceipt() throws Exception {
		List<Map<String, Object>> receipts = order("pear:0", "kiwi:-2");
		assertThat(receipts).hasSize(2);
		assertThat(receipts.get(0)).containsOnly(entry("item", "pear"), entry("quantity", 0), entry("status", "REJECTED"));
		assertThat(receipts.get(1)).containsOnly(entry("item", "kiwi"), entry("quantity", -2), entry("status", "REJECTED"));
	}

	@Test
	void rejectsOrdersMissingAnItemOrAQuantity() throws Exception {
		List<Map<String, Object>> receipts = order("{\"quantity\": 2}", "{\"item\": \"lime\"}", " :4");
		assertThat(receipts).extracting((receipt) -> receipt.get("status"))
			.containsExactly("REJECTED", "REJECTED", "REJECTED");
		assertThat(receipts.get(0)).containsEntry("item", null).containsEntry("quantity", 2);
		assertThat(receipts.get(1)).containsEntry("item", "lime").containsEntry("quantity", null);
	}

	@Test
	void answersEveryOrderInTheOrderItCame() throws Exception {
		List<Map<String, Object>> receipts = order("a:1", "b:0", "c:2", "d:-1", "e:3");
		assertThat(receipts).extracting((receipt) -> receipt.get("item")).containsExactly("a", "b", "c", "d", "e");
		assertThat(receipts).extracting((receipt) -> receipt.get("status"))
			.containsExactly("ACCEPTED", "REJECTED", "ACCEPTED", "REJECTED", "ACCEPTED");
	}

	@Test
	void readsOrdersLineByLineFromStandardInputInUtf8() throws Exception {
		Result result = client.run(List.of("crème brûlée:2", "{\"item\": \"茶\", \"quantity\": 0}"), "--orders");
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		assertThat(result.lines()).map(OrderDeskTests::parse)
			.containsExactly(Map.of("item", "crème brûlée", "quantity", 2, "status", "ACCEPTED"),
					Map.of("item", "茶", "quantity", 0, "status", "REJECTED"));
	}

	@Test
	void goesOnAfterInputThatIsNotAnOrder() throws Exception {
		Result unanswered = client.run("--orders", "--timeout", "1", "{this is not json");
		assertThat(unanswered.exitCode()).isEqualTo(1);
		assertThat(unanswered.stderr()).contains("no reply");
		assertThat(order("apple:1")).singleElement().satisfies((receipt) -> assertThat(receipt).containsEntry("status", "ACCEPTED"));
	}

	private static List<Map<String, Object>> order(String... orders) throws Exception {
		String[] arguments = new String[orders.length + 1];
		arguments[0] = "--orders";
		System.arraycopy(orders, 0, arguments, 1, orders.length);
		Result result = client.run(arguments);
		assertThat(result.exitCode()).as(result.stderr()).isZero();
		return result.lines().stream().map(OrderDeskTests::parse).toList();
	}

	private static Map<String, Object> parse(String receipt) {
		return JSON.readValue(receipt, new TypeReference<Map<String, Object>>() {
		});
	}

}
