package io.github.xpipe.sample.stream;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream sample on Spring Cloud Stream's Kafka binder, against an embedded KRaft broker: the
 * {@code *KafkaBinderTests} run with the Kafka binder on the classpath and not the xpipe one (see
 * the module's pom), and the {@code kafka} profile names the topics. A plain Kafka producer and
 * consumer are the peers.
 */
@SpringBootTest(properties = { "logging.level.org.apache.kafka=warn", "logging.level.kafka=warn" })
@ActiveProfiles("kafka")
@EmbeddedKafka(partitions = 1, topics = { OrderStreamKafkaBinderTests.ORDERS, OrderStreamKafkaBinderTests.RECEIPTS,
		OrderStreamKafkaBinderTests.REJECTS }, bootstrapServersProperty = "spring.cloud.stream.kafka.binder.brokers")
class OrderStreamKafkaBinderTests extends OrderStreamTests {

	static final String ORDERS = "shop.orders";

	static final String RECEIPTS = "shop.receipts";

	static final String REJECTS = "shop.orders.rejected";

	@Autowired
	EmbeddedKafkaBroker broker;

	private KafkaProducer<byte[], byte[]> producer;

	private TopicReader receipts;

	private TopicReader rejects;

	@BeforeEach
	void connect() {
		this.producer = new KafkaProducer<>(KafkaTestUtils.producerProps(this.broker), new ByteArraySerializer(),
				new ByteArraySerializer());
		this.receipts = new TopicReader(RECEIPTS);
		this.rejects = new TopicReader(REJECTS);
	}

	@AfterEach
	void disconnect() {
		this.producer.close();
		this.receipts.close();
		this.rejects.close();
	}

	@Override
	protected void sendOrder(byte[] payload) throws Exception {
		this.producer.send(new ProducerRecord<>(ORDERS, payload)).get();
	}

	@Override
	protected byte[] nextReceipt() {
		return this.receipts.next();
	}

	@Override
	protected byte[] nextDeadLetter() {
		return this.rejects.next();
	}

	/** Reads one topic's only partition from its end as it was when the test started. */
	private final class TopicReader implements AutoCloseable {

		private final KafkaConsumer<byte[], byte[]> consumer;

		private final Deque<byte[]> read = new ArrayDeque<>();

		TopicReader(String topic) {
			Map<String, Object> properties = KafkaTestUtils.consumerProps(OrderStreamKafkaBinderTests.this.broker,
					"test-peer", false);
			properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
			this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
			TopicPartition partition = new TopicPartition(topic, 0);
			this.consumer.assign(List.of(partition));
			this.consumer.seekToEnd(List.of(partition));
			this.consumer.position(partition);
		}

		byte[] next() {
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (this.read.isEmpty() && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : this.consumer.poll(Duration.ofMillis(200))) {
					this.read.add(record.value());
				}
			}
			assertThat(this.read).as("a message within %s", TIMEOUT).isNotEmpty();
			return this.read.poll();
		}

		@Override
		public void close() {
			this.consumer.close();
		}

	}

}
