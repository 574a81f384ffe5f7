package io.github.xpipe.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * One thing the benchmark measures: one-way throughput of a payload size in a framing, raw
 * unframed bytes, 64-byte ping-pong latency, the long heap-flatness run, or a request/reply
 * service: its throughput under a flooding client and the latency of lone requests.
 *
 * @param kind what is measured
 * @param payloadSize payload bytes per message (the write size for {@link Kind#RAW})
 * @param framing {@code lcrc} (length-crc32), {@code b64} (Base64 datagrams) or {@code raw}
 */
public record Workload(Kind kind, int payloadSize, String framing) {

	/** The kinds of workload. */
	public enum Kind {

		/** One-way messages, writer and reader in two processes: msg/s and MB/s. */
		THROUGHPUT,

		/** One-way unframed bytes in 1 MiB writes: what the kernel allows. */
		RAW,

		/** 64-byte request and echo over two pipes: round-trip p50 and p99. */
		PING_PONG,

		/** Ten million small messages through one reader: is its heap flat? */
		ENDURANCE,

		/** A service answering each request: a client floods it and counts verified replies, replies/s. */
		REQUEST_REPLY,

		/** Lone 64-byte requests to a service, one at a time, nobody else talking to it: p50 and p99. */
		LATENCY_IDLE,

		/** Lone 64-byte requests to a service while a second client streams requests to it: p50 and p99. */
		LATENCY_LOADED

	}

	/** Payload sizes of the throughput workloads. */
	public static final List<Integer> PAYLOAD_SIZES = List.of(64, 1024, 64 * 1024, 1024 * 1024);

	/** Payload sizes of the request/reply workloads. */
	public static final List<Integer> REQUEST_REPLY_SIZES = List.of(64, 1024, 64 * 1024);

	/** The full benchmark's workloads, in table order. */
	public static List<Workload> all() {
		List<Workload> workloads = new ArrayList<>();
		for (String framing : List.of("lcrc", "b64")) {
			for (int size : PAYLOAD_SIZES) {
				workloads.add(new Workload(Kind.THROUGHPUT, size, framing));
			}
		}
		workloads.add(raw());
		workloads.add(pingPong());
		for (String framing : List.of("lcrc", "b64")) {
			for (int size : REQUEST_REPLY_SIZES) {
				workloads.add(requestReply(size, framing));
			}
		}
		workloads.add(latency(false));
		workloads.add(latency(true));
		return workloads;
	}

	public static Workload requestReply(int payloadSize, String framing) {
		return new Workload(Kind.REQUEST_REPLY, payloadSize, framing);
	}

	/** Lone 64-byte length-crc32 requests, with or without a second client streaming. */
	public static Workload latency(boolean loaded) {
		return new Workload(loaded ? Kind.LATENCY_LOADED : Kind.LATENCY_IDLE, 64, "lcrc");
	}

	public static Workload raw() {
		return new Workload(Kind.RAW, 1024 * 1024, "raw");
	}

	public static Workload pingPong() {
		return new Workload(Kind.PING_PONG, 64, "lcrc");
	}

	public static Workload endurance() {
		return new Workload(Kind.ENDURANCE, 64, "lcrc");
	}

	/** A stable identifier, e.g. {@code throughput-64B-lcrc}. */
	public String id() {
		return this.kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-" + sizeLabel().replace(" ", "")
				+ "-" + this.framing;
	}

	/** A label for the table, e.g. {@code 64 KiB length-crc32}. */
	public String label() {
		return switch (this.kind) {
			case THROUGHPUT -> sizeLabel() + " " + framingLabel();
			case RAW -> "raw bytes, 1 MiB writes";
			case PING_PONG -> "ping-pong " + sizeLabel() + " " + framingLabel();
			case ENDURANCE -> "heap over many " + sizeLabel() + " msgs";
			case REQUEST_REPLY -> "request/reply " + sizeLabel() + " " + framingLabel();
			case LATENCY_IDLE -> "lone requests " + sizeLabel() + ", idle service";
			case LATENCY_LOADED -> "lone requests " + sizeLabel() + ", beside a stream";
		};
	}

	public String framingLabel() {
		return switch (this.framing) {
			case "lcrc" -> "length-crc32";
			case "b64" -> "base64";
			default -> this.framing;
		};
	}

	public String sizeLabel() {
		if (this.payloadSize >= 1024 * 1024) {
			return (this.payloadSize / (1024 * 1024)) + " MiB";
		}
		if (this.payloadSize >= 1024) {
			return (this.payloadSize / 1024) + " KiB";
		}
		return this.payloadSize + " B";
	}

	/** Whether this workload's figures are round-trip percentiles (ping-pong, lone requests). */
	public boolean isRoundTrip() {
		return this.kind == Kind.PING_PONG || this.kind == Kind.LATENCY_IDLE || this.kind == Kind.LATENCY_LOADED;
	}

	/** Whether this workload measures a request/reply service (throughput or lone requests). */
	public boolean isService() {
		return this.kind == Kind.REQUEST_REPLY || this.kind == Kind.LATENCY_IDLE || this.kind == Kind.LATENCY_LOADED;
	}

	/** Whether this workload moves many messages one way (throughput or raw). */
	public boolean isOneWay() {
		return this.kind == Kind.THROUGHPUT || this.kind == Kind.RAW || this.kind == Kind.ENDURANCE;
	}

}
