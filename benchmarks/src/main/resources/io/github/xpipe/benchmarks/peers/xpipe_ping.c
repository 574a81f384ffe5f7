/*
 * The ping-pong roles of the C reference (pingserver, pingclient), included by xpipe_ref.c, whose
 * header describes them.
 */

/* Reads one length-crc32 frame into buf; returns its payload length. */
static size_t read_frame(int fd, uint8_t *buf, size_t max) {
	read_exact(fd, buf, 8);
	uint32_t message_length = get_u32(buf), data_length = get_u32(buf + 4);
	if (message_length != data_length + 8 || data_length + 12 > max) {
		fprintf(stderr, "xpipe_ref: malformed frame\n");
		exit(3);
	}
	read_exact(fd, buf + 8, data_length + 4);
	if (crc32_ieee(buf + 8, data_length) != get_u32(buf + 8 + data_length)) {
		fprintf(stderr, "xpipe_ref: CRC mismatch\n");
		exit(3);
	}
	return data_length;
}

/*
 * A service's two FIFOs: makes both, says READY, then opens the requests for reading and the replies
 * for writing (each open waits for its client) and sets their capacity.
 */
static void open_service(const char *in_path, const char *out_path, long capacity, int *in, int *out) {
	make_fifo(in_path);
	make_fifo(out_path);
	printf("READY\n");
	fflush(stdout);
	*in = open(in_path, O_RDONLY);
	*out = *in < 0 ? -1 : open(out_path, O_WRONLY);
	if (*in < 0 || *out < 0) {
		die("open");
	}
	set_capacity(*in, capacity);
	set_capacity(*out, capacity);
}

static int run_pingserver(int argc, char **argv) {
	if (argc != 5) {
		fprintf(stderr, "usage: pingserver <fifo_in> <fifo_out> <capacity>\n");
		return 64;
	}
	int in, out;
	open_service(argv[2], argv[3], atol(argv[4]), &in, &out);
	uint8_t buf[4096], frame[4096];
	uint64_t echoed = 0;
	for (;;) {
		size_t n = read_frame(in, buf, sizeof(buf));
		size_t len = encode_frame("lcrc", buf + 8, n, frame);
		write_all(out, frame, len);
		if (n == 0) {
			break;
		}
		echoed++;
	}
	printf("RESULT messages=%llu\n", (unsigned long long) echoed);
	return 0;
}

static int compare_i64(const void *a, const void *b) {
	int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
	return (x > y) - (x < y);
}

static int run_pingclient(int argc, char **argv) {
	if (argc != 8) {
		fprintf(stderr, "usage: pingclient <fifo_out> <fifo_in> <capacity> <duration_ms> <warmup_ms> <count>\n");
		return 64;
	}
	int out = open(argv[2], O_WRONLY);
	int in = out < 0 ? -1 : open(argv[3], O_RDONLY);
	if (in < 0 || out < 0) {
		die("open");
	}
	int64_t start = now_ns();
	int64_t warm_until = start + atol(argv[6]) * 1000000LL;
	int64_t deadline = start + atol(argv[5]) * 1000000LL;
	uint64_t count = (uint64_t) atoll(argv[7]);
	size_t max = 1 << 22;
	int64_t *rtt = malloc(max * sizeof(int64_t));
	size_t measured = 0;
	uint8_t *payload = pattern(64);
	uint8_t frame[128], reply[4096];
	uint64_t seq = 0, checksum = 0;
	for (;;) {
		int64_t t0 = now_ns();
		if (count > 0 ? seq >= count : t0 >= deadline) {
			break;
		}
		stamp(payload, 64, seq);
		size_t len = encode_frame("lcrc", payload, 64, frame);
		write_all(out, frame, len);
		size_t n = read_frame(in, reply, sizeof(reply));
		int64_t t1 = now_ns();
		if (n != 64 || get_u64(reply + 8, n) != seq) {
			fprintf(stderr, "xpipe_ref: wrong echo\n");
			return 3;
		}
		checksum += message_checksum(reply + 8, n, 1);
		if ((count > 0 || t0 >= warm_until) && measured < max) {
			rtt[measured++] = t1 - t0;
		}
		seq++;
	}
	size_t len = encode_frame("lcrc", payload, 0, frame);
	write_all(out, frame, len);
	read_frame(in, reply, sizeof(reply));
	qsort(rtt, measured, sizeof(int64_t), compare_i64);
	int64_t p50 = measured ? rtt[measured / 2] : 0;
	int64_t p99 = measured ? rtt[(size_t) (measured * 0.99)] : 0;
	printf("RESULT messages=%llu checksum=%016llx measured_messages=%zu p50_nanos=%lld p99_nanos=%lld\n",
			(unsigned long long) seq, (unsigned long long) checksum, measured, (long long) p50, (long long) p99);
	return 0;
}
