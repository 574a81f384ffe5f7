/*
 * C reference peer for the xpipe benchmark: the same framings as xpipe over a FIFO, written the way
 * the kernel likes best, so the Java figures can be read against what the machine allows.
 *
 *   xpipe_ref reader <fifo> <framing> <capacity> <verify> <warmup_ms>
 *   xpipe_ref writer <fifo> <framing> <payload> <mode> <capacity> <duration_ms> <count> <verify>
 *   xpipe_ref pingserver <fifo_in> <fifo_out> <capacity>
 *   xpipe_ref pingclient <fifo_out> <fifo_in> <capacity> <duration_ms> <warmup_ms> <count>
 *   xpipe_ref echo <fifo_in> <fifo_out> <framing> <capacity>
 *   xpipe_ref rrclient <fifo_out> <fifo_in> <framing> <payload> <duration_ms> <warmup_ms> <count>
 *   xpipe_ref rrlatency <fifo_out> <fifo_in> <duration_ms> <warmup_ms> <count> <window>
 *
 * framing: lcrc (length-crc32, little-endian, CRC computed and verified), b64 (Base64 + 0x00) or raw
 * (no framing: the reader just counts bytes). mode: frame (one write() per frame), packed (whole
 * frames packed into 64 KiB writes) or raw (1 MiB writes of unframed bytes). capacity: the pipe size
 * requested with F_SETPIPE_SZ, 0 for the kernel default. A writer with count > 0 sends exactly that
 * many messages, otherwise it sends for duration_ms. Framed writers end with an empty message.
 *
 * Request/reply (a service reads requests on one FIFO and answers each on another, in order): echo is
 * the C service (creates both FIFOs, answers every frame with the same frame, replies packed into
 * 64 KiB writes); rrclient floods the service with frames packed into 64 KiB writes from one thread
 * while another reads the replies, checks each (same payload, in order) and measures replies/s after
 * the warm-up; rrlatency times lone 64-byte length-crc32 requests one at a time while, with window > 0,
 * a second thread streams requests (at most window unanswered, in writes of at most PIPE_BUF so the
 * two never interleave). Both clients wait for the service's FIFOs to appear.
 *
 * Every process prints one line "RESULT key=value ..." on stdout; a reader prints "READY" first,
 * once its FIFO exists.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PACK_SIZE (64 * 1024)
#define RAW_CHUNK (1024 * 1024)
#define READ_SIZE (1024 * 1024)

static uint32_t crc_table[8][256];

static void crc_init(void) {
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++) {
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		}
		crc_table[0][i] = c;
	}
	for (uint32_t i = 0; i < 256; i++) {
		for (int t = 1; t < 8; t++) {
			crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xFF];
		}
	}
}

/* CRC-32/IEEE, slicing-by-8 (little-endian hosts). */
static uint32_t crc32_ieee(const uint8_t *p, size_t n) {
	uint32_t c = 0xFFFFFFFFu;
	while (n >= 8) {
		uint32_t lo, hi;
		memcpy(&lo, p, 4);
		memcpy(&hi, p + 4, 4);
		lo ^= c;
		c = crc_table[7][lo & 0xFF] ^ crc_table[6][(lo >> 8) & 0xFF] ^ crc_table[5][(lo >> 16) & 0xFF]
				^ crc_table[4][lo >> 24] ^ crc_table[3][hi & 0xFF] ^ crc_table[2][(hi >> 8) & 0xFF]
				^ crc_table[1][(hi >> 16) & 0xFF] ^ crc_table[0][hi >> 24];
		p += 8;
		n -= 8;
	}
	while (n--) {
		c = crc_table[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
	}
	return c ^ 0xFFFFFFFFu;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static int8_t b64_rev[256];

static void b64_init(void) {
	memset(b64_rev, -1, sizeof(b64_rev));
	for (int i = 0; i < 64; i++) {
		b64_rev[(uint8_t) B64[i]] = (int8_t) i;
	}
}

static size_t b64_encode(const uint8_t *in, size_t n, uint8_t *out) {
	uint8_t *o = out;
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t) in[i] << 16 | (uint32_t) in[i + 1] << 8 | in[i + 2];
		*o++ = B64[v >> 18];
		*o++ = B64[(v >> 12) & 63];
		*o++ = B64[(v >> 6) & 63];
		*o++ = B64[v & 63];
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t) in[i] << 16;
		*o++ = B64[v >> 18];
		*o++ = B64[(v >> 12) & 63];
		*o++ = '=';
		*o++ = '=';
	}
	else if (n - i == 2) {
		uint32_t v = (uint32_t) in[i] << 16 | (uint32_t) in[i + 1] << 8;
		*o++ = B64[v >> 18];
		*o++ = B64[(v >> 12) & 63];
		*o++ = B64[(v >> 6) & 63];
		*o++ = '=';
	}
	return (size_t) (o - out);
}

/* Decodes padded Base64; returns the decoded length or -1 when invalid. */
static long b64_decode(const uint8_t *in, size_t n, uint8_t *out) {
	if (n % 4 != 0) {
		return -1;
	}
	size_t pad = 0;
	if (n > 0 && in[n - 1] == '=') {
		pad++;
		if (in[n - 2] == '=') {
			pad++;
		}
	}
	uint8_t *o = out;
	for (size_t i = 0; i < n; i += 4) {
		int last = i + 4 == n;
		int a = b64_rev[in[i]], b = b64_rev[in[i + 1]];
		int c = (last && pad == 2) ? 0 : b64_rev[in[i + 2]];
		int d = (last && pad >= 1) ? 0 : b64_rev[in[i + 3]];
		if ((a | b | c | d) < 0) {
			return -1;
		}
		uint32_t v = (uint32_t) a << 18 | (uint32_t) b << 12 | (uint32_t) c << 6 | (uint32_t) d;
		*o++ = (uint8_t) (v >> 16);
		if (!(last && pad == 2)) {
			*o++ = (uint8_t) (v >> 8);
		}
		if (!(last && pad >= 1)) {
			*o++ = (uint8_t) v;
		}
	}
	return (long) (o - out);
}

static int64_t now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
	fprintf(stderr, "xpipe_ref: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void set_capacity(int fd, long capacity) {
	if (capacity > 0 && fcntl(fd, F_SETPIPE_SZ, (int) capacity) < 0) {
		die("F_SETPIPE_SZ");
	}
}

static void write_all(int fd, const uint8_t *p, size_t n) {
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR) {
				continue;
			}
			die("write");
		}
		p += w;
		n -= (size_t) w;
	}
}

static void read_exact(int fd, uint8_t *p, size_t n) {
	while (n > 0) {
		ssize_t r = read(fd, p, n);
		if (r < 0) {
			if (errno == EINTR) {
				continue;
			}
			die("read");
		}
		if (r == 0) {
			fprintf(stderr, "xpipe_ref: unexpected end of stream\n");
			exit(2);
		}
		p += r;
		n -= (size_t) r;
	}
}

static void put_u32(uint8_t *p, uint32_t v) {
	p[0] = (uint8_t) v;
	p[1] = (uint8_t) (v >> 8);
	p[2] = (uint8_t) (v >> 16);
	p[3] = (uint8_t) (v >> 24);
}

static uint32_t get_u32(const uint8_t *p) {
	return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 | (uint32_t) p[3] << 24;
}

static uint64_t get_u64(const uint8_t *p, size_t n) {
	uint64_t v = 0;
	for (size_t i = 0; i < 8 && i < n; i++) {
		v |= (uint64_t) p[i] << (8 * i);
	}
	return v;
}

static int is_b64(const char *framing) {
	return strcmp(framing, "b64") == 0;
}

/* Frame size of a payload of n bytes. */
static size_t frame_size(const char *framing, size_t n) {
	return is_b64(framing) ? (n + 2) / 3 * 4 + 1 : n + 12;
}

static size_t encode_frame(const char *framing, const uint8_t *payload, size_t n, uint8_t *out) {
	if (is_b64(framing)) {
		size_t len = b64_encode(payload, n, out);
		out[len] = 0;
		return len + 1;
	}
	put_u32(out, (uint32_t) n + 8);
	put_u32(out + 4, (uint32_t) n);
	memcpy(out + 8, payload, n);
	put_u32(out + 8 + n, crc32_ieee(payload, n));
	return n + 12;
}

/* Checksum contribution of one message, identical in every peer of the benchmark. */
static uint64_t message_checksum(const uint8_t *payload, size_t n, int verify) {
	uint64_t sum = get_u64(payload, n) + n;
	if (verify) {
		sum += crc32_ieee(payload, n);
	}
	return sum;
}

static void stamp(uint8_t *payload, size_t n, uint64_t seq) {
	for (size_t i = 0; i < 8 && i < n; i++) {
		payload[i] = (uint8_t) (seq >> (8 * i));
	}
}

static uint8_t *pattern(size_t n) {
	uint8_t *p = malloc(n > 0 ? n : 1);
	for (size_t i = 0; i < n; i++) {
		p[i] = (uint8_t) (i * 7 + 3);
	}
	return p;
}

typedef struct {
	int verify;
	int64_t warmup_ns;
	int64_t first, warm_at, last;
	uint64_t messages, warm_messages, bytes, warm_bytes, checksum, errors, messages_at_last;
	int done;
} reader_state;

static void on_message(reader_state *s, const uint8_t *payload, size_t n) {
	if (n == 0) {
		s->done = 1;
		return;
	}
	if (s->first == 0) {
		s->first = now_ns();
	}
	s->messages++;
	s->bytes += n;
	s->checksum += message_checksum(payload, n, s->verify);
}

static void after_read(reader_state *s) {
	if (s->messages == s->messages_at_last) {
		return; /* no new message (say, the terminator alone): the window does not move */
	}
	s->messages_at_last = s->messages;
	int64_t t = now_ns();
	if (s->first == 0) {
		s->first = t;
	}
	if (s->warm_at == 0 && s->warmup_ns > 0 && t - s->first >= s->warmup_ns) {
		s->warm_at = t;
		s->warm_messages = s->messages;
		s->warm_bytes = s->bytes;
	}
	s->last = t;
}

static void print_reader_result(reader_state *s, int raw) {
	int warm = s->warm_at && s->messages > s->warm_messages;
	int64_t start = warm ? s->warm_at : s->first;
	uint64_t base = warm ? s->warm_messages : 0, base_bytes = warm ? s->warm_bytes : 0;
	uint64_t messages = s->messages, measured = s->messages - base;
	if (raw) {
		/* a raw stream has no messages: count the writer's 1 MiB chunks */
		messages = s->bytes / RAW_CHUNK;
		measured = (s->bytes - base_bytes) / RAW_CHUNK;
	}
	printf("RESULT messages=%llu bytes=%llu checksum=%016llx measured_messages=%llu measured_bytes=%llu "
			"measured_nanos=%lld errors=%llu\n",
			(unsigned long long) messages, (unsigned long long) s->bytes, (unsigned long long) s->checksum,
			(unsigned long long) measured, (unsigned long long) (s->bytes - base_bytes), (long long) (s->last - start),
			(unsigned long long) s->errors);
	fflush(stdout);
}

static int make_fifo(const char *path) {
	if (mkfifo(path, 0600) < 0 && errno != EEXIST) {
		die("mkfifo");
	}
	return 0;
}

static int run_reader(int argc, char **argv) {
	if (argc != 7) {
		fprintf(stderr, "usage: reader <fifo> <framing> <capacity> <verify> <warmup_ms>\n");
		return 64;
	}
	const char *path = argv[2], *framing = argv[3];
	long capacity = atol(argv[4]);
	reader_state s = { 0 };
	s.verify = atoi(argv[5]);
	s.warmup_ns = atol(argv[6]) * 1000000LL;
	make_fifo(path);
	printf("READY\n");
	fflush(stdout);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		die("open");
	}
	set_capacity(fd, capacity);
	size_t cap = 4 * READ_SIZE, have = 0;
	uint8_t *buf = malloc(cap), *decoded = malloc(cap);
	int raw = strcmp(framing, "raw") == 0, b64 = is_b64(framing);
	while (!s.done) {
		if (cap - have < READ_SIZE) {
			cap *= 2;
			buf = realloc(buf, cap);
			decoded = realloc(decoded, cap);
		}
		ssize_t r = read(fd, buf + have, READ_SIZE);
		if (r < 0) {
			if (errno == EINTR) {
				continue;
			}
			die("read");
		}
		if (r == 0) {
			break;
		}
		if (raw) {
			if (s.first == 0) {
				s.first = now_ns();
			}
			s.messages++;
			s.bytes += (uint64_t) r;
			s.checksum += (uint64_t) r;
			after_read(&s);
			continue;
		}
		have += (size_t) r;
		size_t pos = 0;
		while (!s.done) {
			if (b64) {
				uint8_t *zero = memchr(buf + pos, 0, have - pos);
				if (zero == NULL) {
					break;
				}
				size_t len = (size_t) (zero - (buf + pos));
				long n = b64_decode(buf + pos, len, decoded);
				if (n < 0) {
					s.errors++;
				}
				else {
					on_message(&s, decoded, (size_t) n);
				}
				pos += len + 1;
			}
			else {
				if (have - pos < 8) {
					break;
				}
				uint32_t message_length = get_u32(buf + pos), data_length = get_u32(buf + pos + 4);
				if (message_length != data_length + 8) {
					fprintf(stderr, "xpipe_ref: malformed frame\n");
					return 3;
				}
				if (have - pos < (size_t) data_length + 12) {
					if ((size_t) data_length + 12 > cap) {
						cap = (size_t) data_length + 12 + READ_SIZE;
						buf = realloc(buf, cap);
						decoded = realloc(decoded, cap);
					}
					break;
				}
				const uint8_t *payload = buf + pos + 8;
				if (crc32_ieee(payload, data_length) != get_u32(payload + data_length)) {
					s.errors++;
				}
				else {
					on_message(&s, payload, data_length);
				}
				pos += (size_t) data_length + 12;
			}
		}
		memmove(buf, buf + pos, have - pos);
		have -= pos;
		after_read(&s);
	}
	print_reader_result(&s, raw);
	close(fd);
	return 0;
}

static int run_writer(int argc, char **argv) {
	if (argc != 10) {
		fprintf(stderr, "usage: writer <fifo> <framing> <payload> <mode> <capacity> <duration_ms> <count> <verify>\n");
		return 64;
	}
	const char *path = argv[2], *framing = argv[3], *mode = argv[5];
	size_t size = (size_t) atol(argv[4]);
	long capacity = atol(argv[6]);
	int64_t deadline = now_ns() + atol(argv[7]) * 1000000LL;
	uint64_t count = (uint64_t) atoll(argv[8]);
	int verify = atoi(argv[9]);
	int fd = open(path, O_WRONLY);
	if (fd < 0) {
		die("open");
	}
	set_capacity(fd, capacity);
	uint64_t sent = 0, checksum = 0;
	int check_every = size >= 1024 ? 1 : 64;
	if (strcmp(mode, "raw") == 0) {
		uint8_t *chunk = pattern(RAW_CHUNK);
		while (count > 0 ? sent < count : (sent % check_every != 0 || now_ns() < deadline)) {
			write_all(fd, chunk, RAW_CHUNK);
			sent++;
			checksum += RAW_CHUNK;
		}
		printf("RESULT messages=%llu bytes=%llu checksum=%016llx\n", (unsigned long long) sent,
				(unsigned long long) sent * RAW_CHUNK, (unsigned long long) checksum);
		close(fd);
		return 0;
	}
	int packed = strcmp(mode, "packed") == 0;
	uint8_t *payload = pattern(size);
	size_t fsize = frame_size(framing, size);
	size_t bufsize = fsize > PACK_SIZE ? fsize : PACK_SIZE;
	uint8_t *out = malloc(bufsize + 64);
	size_t used = 0;
	while (count > 0 ? sent < count : (sent % check_every != 0 || now_ns() < deadline)) {
		stamp(payload, size, sent);
		checksum += message_checksum(payload, size, verify);
		if (packed) {
			if (used + fsize > PACK_SIZE && used > 0) {
				write_all(fd, out, used);
				used = 0;
			}
			used += encode_frame(framing, payload, size, out + used);
		}
		else {
			size_t n = encode_frame(framing, payload, size, out);
			write_all(fd, out, n);
		}
		sent++;
	}
	used += encode_frame(framing, payload, 0, out + used);
	write_all(fd, out, used);
	printf("RESULT messages=%llu bytes=%llu checksum=%016llx\n", (unsigned long long) sent,
			(unsigned long long) (sent * size), (unsigned long long) checksum);
	close(fd);
	return 0;
}

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

static int run_pingserver(int argc, char **argv) {
	if (argc != 5) {
		fprintf(stderr, "usage: pingserver <fifo_in> <fifo_out> <capacity>\n");
		return 64;
	}
	make_fifo(argv[2]);
	make_fifo(argv[3]);
	printf("READY\n");
	fflush(stdout);
	int in = open(argv[2], O_RDONLY);
	int out = in < 0 ? -1 : open(argv[3], O_WRONLY);
	if (in < 0 || out < 0) {
		die("open");
	}
	set_capacity(in, atol(argv[4]));
	set_capacity(out, atol(argv[4]));
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

#include "xpipe_reqrep.c"

int main(int argc, char **argv) {
	crc_init();
	b64_init();
	if (argc < 2) {
		fprintf(stderr, "usage: xpipe_ref reader|writer|pingserver|pingclient|echo|rrclient|rrlatency ...\n");
		return 64;
	}
	if (strcmp(argv[1], "reader") == 0) {
		return run_reader(argc, argv);
	}
	if (strcmp(argv[1], "writer") == 0) {
		return run_writer(argc, argv);
	}
	if (strcmp(argv[1], "pingserver") == 0) {
		return run_pingserver(argc, argv);
	}
	if (strcmp(argv[1], "pingclient") == 0) {
		return run_pingclient(argc, argv);
	}
	if (strcmp(argv[1], "echo") == 0) {
		return run_echo(argc, argv);
	}
	if (strcmp(argv[1], "rrclient") == 0) {
		return run_rrclient(argc, argv);
	}
	if (strcmp(argv[1], "rrlatency") == 0) {
		return run_rrlatency(argc, argv);
	}
	fprintf(stderr, "xpipe_ref: unknown role %s\n", argv[1]);
	return 64;
}
