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

#include "xpipe_frames.c"

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

#include "xpipe_ping.c"
#include "xpipe_reqrep.c"
#include "xpipe_latency.c"

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
