/*
 * The lone-request latency role of the C reference (rrlatency), included by xpipe_ref.c after
 * xpipe_reqrep.c, whose frame buffer and FIFO helpers it uses.
 */

/* ---- rrlatency: lone requests, optionally beside a stream ---- */

typedef struct {
	int out;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	uint64_t window, stream_sent, stream_received, probe_reply, errors;
	int probe_seen, stop;
	const uint8_t *expected;
	const char *reply_path;
} latency_state;

typedef struct {
	latency_state *l;
	uint64_t next_stream, stream_replies, probe, errors;
	int probe_seen;
} latency_scan;

static void latency_frame(void *ctx, const uint8_t *frame, size_t frame_len, const uint8_t *payload, size_t n, int ok) {
	(void) frame;
	(void) frame_len;
	latency_scan *scan = ctx;
	uint64_t seq = get_u64(payload, n);
	int probe = (seq & PROBE_BIT) != 0;
	uint64_t expected_seq = probe ? seq : scan->next_stream;
	if (!ok || !reply_matches(scan->l->expected, PING_SIZE, payload, n, expected_seq)) {
		scan->errors++;
	}
	if (probe) {
		scan->probe = seq & ~PROBE_BIT;
		scan->probe_seen = 1;
	}
	else {
		scan->next_stream++;
		scan->stream_replies++;
	}
}

static void *latency_read(void *arg) {
	latency_state *l = arg;
	int in = open_fifo(l->reply_path, O_RDONLY);
	frame_buf f;
	fb_init(&f, "lcrc");
	latency_scan scan = { l, 0, 0, 0, 0, 0 };
	while (fb_read(&f, in) > 0) {
		scan.stream_replies = 0;
		scan.probe_seen = 0;
		scan.errors = 0;
		fb_scan(&f, latency_frame, &scan);
		pthread_mutex_lock(&l->lock);
		l->stream_received += scan.stream_replies;
		l->errors += scan.errors;
		if (scan.probe_seen) {
			l->probe_reply = scan.probe;
			l->probe_seen = 1;
		}
		pthread_cond_broadcast(&l->changed);
		pthread_mutex_unlock(&l->lock);
	}
	fprintf(stderr, "xpipe_ref: the service closed its replies\n");
	exit(2);
}

static void *latency_stream(void *arg) {
	latency_state *l = arg;
	uint8_t *payload = pattern(PING_SIZE);
	uint8_t out[PIPE_BUF];
	size_t per_write = PIPE_BUF / PING_FRAME;
	for (;;) {
		pthread_mutex_lock(&l->lock);
		while (!l->stop && l->stream_sent - l->stream_received >= l->window) {
			pthread_cond_wait(&l->changed, &l->lock);
		}
		if (l->stop) {
			pthread_mutex_unlock(&l->lock);
			return NULL;
		}
		uint64_t room = l->window - (l->stream_sent - l->stream_received), first = l->stream_sent;
		size_t k = room < per_write ? (size_t) room : per_write;
		l->stream_sent += k;
		pthread_mutex_unlock(&l->lock);
		size_t used = 0;
		for (size_t i = 0; i < k; i++) {
			stamp(payload, PING_SIZE, first + i);
			used += encode_frame("lcrc", payload, PING_SIZE, out + used);
		}
		write_all(l->out, out, used); /* at most PIPE_BUF: never interleaved with a lone request */
	}
}

/* Waits for the reader's next change; a service that stays silent for 10 s fails the run. */
static void await_change(latency_state *l) {
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	if (pthread_cond_timedwait(&l->changed, &l->lock, &until) == ETIMEDOUT) {
		fprintf(stderr, "xpipe_ref: no reply for 10 s\n");
		exit(2);
	}
}

static int run_rrlatency(int argc, char **argv) {
	if (argc != 8) {
		fprintf(stderr, "usage: rrlatency <fifo_out> <fifo_in> <duration_ms> <warmup_ms> <count> <window>\n");
		return 64;
	}
	static latency_state l = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };
	l.expected = pattern(PING_SIZE);
	l.reply_path = argv[3];
	l.window = (uint64_t) atoll(argv[7]);
	l.out = open_fifo(argv[2], O_WRONLY);
	pthread_t reader, streamer;
	pthread_create(&reader, NULL, latency_read, &l);
	if (l.window > 0) {
		pthread_create(&streamer, NULL, latency_stream, &l);
	}
	int64_t start = now_ns(), warm_until = start + atol(argv[5]) * 1000000LL;
	int64_t deadline = start + atol(argv[4]) * 1000000LL;
	uint64_t count = (uint64_t) atoll(argv[6]), seq = 0;
	size_t max = 1 << 22, measured = 0;
	int64_t *rtt = malloc(max * sizeof(int64_t));
	uint8_t *payload = pattern(PING_SIZE), frame[PING_FRAME];
	for (;; seq++) {
		int64_t t0 = now_ns();
		if (count > 0 ? seq >= count : t0 >= deadline) {
			break;
		}
		stamp(payload, PING_SIZE, seq | PROBE_BIT);
		write_all(l.out, frame, encode_frame("lcrc", payload, PING_SIZE, frame));
		pthread_mutex_lock(&l.lock);
		while (!l.probe_seen || l.probe_reply != seq) {
			await_change(&l);
		}
		l.probe_seen = 0;
		pthread_mutex_unlock(&l.lock);
		int64_t t1 = now_ns();
		if ((count > 0 || t0 >= warm_until) && measured < max) {
			rtt[measured++] = t1 - t0;
		}
	}
	pthread_mutex_lock(&l.lock);
	l.stop = 1;
	pthread_cond_broadcast(&l.changed);
	pthread_mutex_unlock(&l.lock);
	if (l.window > 0) {
		pthread_join(streamer, NULL);
	}
	pthread_mutex_lock(&l.lock);
	while (l.stream_received < l.stream_sent) {
		await_change(&l);
	}
	pthread_mutex_unlock(&l.lock);
	qsort(rtt, measured, sizeof(int64_t), compare_i64);
	int64_t p50 = measured ? rtt[measured / 2] : 0;
	int64_t p99 = measured ? rtt[(size_t) (measured * 0.99)] : 0;
	printf("RESULT messages=%llu measured_messages=%zu p50_nanos=%lld p99_nanos=%lld stream_messages=%llu errors=%llu\n",
			(unsigned long long) seq, measured, (long long) p50, (long long) p99,
			(unsigned long long) l.stream_received, (unsigned long long) l.errors);
	fflush(stdout);
	return 0;
}
