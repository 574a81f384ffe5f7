/*
 * The request/reply roles of the C reference (echo, rrclient; rrlatency is in xpipe_latency.c), included by xpipe_ref.c,
 * whose header describes them; they share its framing, checksum and timing helpers, and the
 * service set-up of xpipe_ping.c.
 */

#define PROBE_BIT (1ULL << 63)
#define PING_SIZE 64
#define PING_FRAME (PING_SIZE + 12)

/* Waits up to two minutes for a service to create its FIFO. */
static void wait_for_fifo(const char *path) {
	int64_t deadline = now_ns() + 120LL * 1000000000LL;
	struct stat st;
	while (stat(path, &st) != 0 || !S_ISFIFO(st.st_mode)) {
		if (now_ns() > deadline) {
			fprintf(stderr, "xpipe_ref: %s did not appear\n", path);
			exit(2);
		}
		struct timespec pause = { 0, 5 * 1000000L };
		nanosleep(&pause, NULL);
	}
}

static int open_fifo(const char *path, int flags) {
	wait_for_fifo(path);
	int fd = open(path, flags);
	if (fd < 0) {
		die("open");
	}
	return fd;
}

/* Called for every whole frame; ok is 0 when its CRC or Base64 is wrong. */
typedef void (*frame_fn)(void *ctx, const uint8_t *frame, size_t frame_len, const uint8_t *payload, size_t n, int ok);

/* A read buffer of a framed stream: whole frames are handed on, a partial one is kept. */
typedef struct {
	uint8_t *buf, *decoded;
	size_t cap, have;
	int b64;
} frame_buf;

static void fb_init(frame_buf *f, const char *framing) {
	f->cap = 4 * READ_SIZE;
	f->have = 0;
	f->buf = malloc(f->cap);
	f->decoded = malloc(f->cap);
	f->b64 = is_b64(framing);
}

static void fb_grow(frame_buf *f, size_t cap) {
	f->cap = cap;
	f->buf = realloc(f->buf, cap);
	f->decoded = realloc(f->decoded, cap);
}

/* Reads once; returns what read() returned. */
static ssize_t fb_read(frame_buf *f, int fd) {
	if (f->cap - f->have < READ_SIZE) {
		fb_grow(f, f->cap * 2);
	}
	ssize_t r;
	do {
		r = read(fd, f->buf + f->have, READ_SIZE);
	} while (r < 0 && errno == EINTR);
	if (r < 0) {
		die("read");
	}
	f->have += (size_t) (r > 0 ? r : 0);
	return r;
}

/* Hands every whole frame in the buffer to fn and keeps the rest. */
static void fb_scan(frame_buf *f, frame_fn fn, void *ctx) {
	size_t pos = 0;
	for (;;) {
		const uint8_t *at = f->buf + pos;
		size_t left = f->have - pos;
		if (f->b64) {
			uint8_t *zero = memchr(at, 0, left);
			if (zero == NULL) {
				break;
			}
			size_t len = (size_t) (zero - at);
			long n = b64_decode(at, len, f->decoded);
			fn(ctx, at, len + 1, f->decoded, n < 0 ? 0 : (size_t) n, n >= 0);
			pos += len + 1;
			continue;
		}
		if (left < 8) {
			break;
		}
		uint32_t message_length = get_u32(at), data_length = get_u32(at + 4);
		if (message_length != data_length + 8) {
			fprintf(stderr, "xpipe_ref: malformed frame\n");
			exit(3);
		}
		size_t frame_len = (size_t) data_length + 12;
		if (left < frame_len) {
			if (frame_len + READ_SIZE > f->cap) {
				memmove(f->buf, at, left);
				f->have = left;
				pos = 0;
				fb_grow(f, frame_len + 2 * READ_SIZE);
			}
			break;
		}
		fn(ctx, at, frame_len, at + 8, data_length, crc32_ieee(at + 8, data_length) == get_u32(at + 8 + data_length));
		pos += frame_len;
	}
	memmove(f->buf, f->buf + pos, f->have - pos);
	f->have -= pos;
}

/* ---- echo: the C service ---- */

typedef struct {
	int fd;
	uint8_t *out;
	size_t used;
	size_t pack;
	uint64_t echoed, errors;
} echo_state;

static void echo_frame(void *ctx, const uint8_t *frame, size_t frame_len, const uint8_t *payload, size_t n, int ok) {
	(void) payload;
	(void) n;
	echo_state *e = ctx;
	if (!ok) {
		e->errors++;
		return;
	}
	if (e->used + frame_len > e->pack && e->used > 0) {
		write_all(e->fd, e->out, e->used);
		e->used = 0;
	}
	if (frame_len > e->pack) {
		write_all(e->fd, frame, frame_len);
	}
	else {
		memcpy(e->out + e->used, frame, frame_len);
		e->used += frame_len;
	}
	e->echoed++;
}

static int run_echo(int argc, char **argv) {
	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: echo <fifo_in> <fifo_out> <framing> <capacity> [<pack_size>]\n");
		return 64;
	}
	size_t pack = (argc == 7) ? (size_t) atol(argv[6]) : PACK_SIZE;
	if (pack == 0 || pack > PACK_SIZE) {
		fprintf(stderr, "echo: pack size must be 1..%d\n", PACK_SIZE);
		return 64;
	}
	int in, out;
	open_service(argv[2], argv[3], atol(argv[5]), &in, &out);
	frame_buf f;
	fb_init(&f, argv[4]);
	echo_state e = { out, malloc(PACK_SIZE), 0, pack, 0, 0 };
	while (fb_read(&f, in) > 0) {
		fb_scan(&f, echo_frame, &e);
		if (e.used > 0) {
			write_all(out, e.out, e.used);
			e.used = 0;
		}
	}
	printf("RESULT messages=%llu errors=%llu\n", (unsigned long long) e.echoed, (unsigned long long) e.errors);
	return 0;
}

/* ---- rrclient: flood and count verified replies ---- */

typedef struct {
	const char *path, *framing;
	size_t size;
	int64_t duration_ns;
	uint64_t count;
	atomic_ullong sent;
	atomic_int done;
} rr_writer;

static void *rr_write(void *arg) {
	rr_writer *w = arg;
	int fd = open_fifo(w->path, O_WRONLY);
	int64_t deadline = now_ns() + w->duration_ns;
	uint8_t *payload = pattern(w->size);
	size_t fsize = frame_size(w->framing, w->size);
	uint8_t *out = malloc((fsize > PACK_SIZE ? fsize : PACK_SIZE) + 64);
	size_t used = 0;
	uint64_t sent = 0;
	int check_every = w->size >= 1024 ? 1 : 64;
	while (w->count > 0 ? sent < w->count : (sent % check_every != 0 || now_ns() < deadline)) {
		stamp(payload, w->size, sent);
		if (used + fsize > PACK_SIZE && used > 0) {
			write_all(fd, out, used);
			used = 0;
		}
		used += encode_frame(w->framing, payload, w->size, out + used);
		sent++;
	}
	write_all(fd, out, used);
	atomic_store(&w->sent, sent);
	atomic_store(&w->done, 1);
	return NULL;
}

typedef struct {
	reader_state s;
	const uint8_t *expected;
	size_t size;
	uint64_t next;
	uint64_t wrong;
} reply_check;

/* A reply must carry the request's payload: the next sequence number and the pattern after it. */
static int reply_matches(const uint8_t *expected, size_t size, const uint8_t *payload, size_t n, uint64_t seq) {
	return n == size && get_u64(payload, n) == seq && memcmp(payload + 8, expected + 8, n - 8) == 0;
}

static void check_reply(void *ctx, const uint8_t *frame, size_t frame_len, const uint8_t *payload, size_t n, int ok) {
	(void) frame;
	(void) frame_len;
	reply_check *c = ctx;
	if (!ok || !reply_matches(c->expected, c->size, payload, n, c->next)) {
		if (c->wrong++ == 0) {
			fprintf(stderr, "xpipe_ref: reply %llu is not the request's payload\n", (unsigned long long) c->next);
		}
		c->s.errors++;
	}
	c->next++;
	on_message(&c->s, payload, n > 0 ? n : 1);
}

static int run_rrclient(int argc, char **argv) {
	if (argc != 9) {
		fprintf(stderr, "usage: rrclient <fifo_out> <fifo_in> <framing> <payload> <duration_ms> <warmup_ms> <count>\n");
		return 64;
	}
	size_t size = (size_t) atol(argv[5]);
	if (size < 8) {
		fprintf(stderr, "xpipe_ref: rrclient needs payloads of at least 8 bytes\n");
		return 64;
	}
	rr_writer w = { argv[2], argv[4], size, atol(argv[6]) * 1000000LL, (uint64_t) atoll(argv[8]), 0, 0 };
	pthread_t writer;
	pthread_create(&writer, NULL, rr_write, &w);
	int in = open_fifo(argv[3], O_RDONLY);
	reply_check c = { { 0 }, pattern(size), size, 0, 0 };
	c.s.warmup_ns = atol(argv[7]) * 1000000LL;
	frame_buf f;
	fb_init(&f, argv[4]);
	struct pollfd pfd = { in, POLLIN, 0 };
	int64_t quiet_since = now_ns();
	while (!atomic_load(&w.done) || c.s.messages < atomic_load(&w.sent)) {
		int ready = poll(&pfd, 1, 10);
		if (ready <= 0) {
			/* the writer may have finished meanwhile: look again; give up after 10 s without a reply */
			if (atomic_load(&w.done) && now_ns() - quiet_since > 10LL * 1000000000LL) {
				fprintf(stderr, "xpipe_ref: no reply for 10 s, %llu missing\n",
						(unsigned long long) (atomic_load(&w.sent) - c.s.messages));
				break;
			}
			continue;
		}
		quiet_since = now_ns();
		if (fb_read(&f, in) == 0) {
			fprintf(stderr, "xpipe_ref: the service closed its replies\n");
			return 2;
		}
		fb_scan(&f, check_reply, &c);
		after_read(&c.s);
	}
	pthread_join(writer, NULL);
	reader_state *s = &c.s;
	int warm = s->warm_at && s->messages > s->warm_messages;
	int64_t start = warm ? s->warm_at : s->first;
	uint64_t base = warm ? s->warm_messages : 0, base_bytes = warm ? s->warm_bytes : 0;
	printf("RESULT messages=%llu sent=%llu measured_messages=%llu measured_bytes=%llu measured_nanos=%lld errors=%llu\n",
			(unsigned long long) s->messages, (unsigned long long) atomic_load(&w.sent),
			(unsigned long long) (s->messages - base), (unsigned long long) (s->bytes - base_bytes),
			(long long) (s->last - start), (unsigned long long) s->errors);
	fflush(stdout);
	return 0;
}
