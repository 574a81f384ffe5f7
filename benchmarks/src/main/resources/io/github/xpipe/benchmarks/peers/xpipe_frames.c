/*
 * The framings, checksums and I/O helpers of the C reference, included by xpipe_ref.c: CRC-32
 * (slicing-by-8), Base64, length-crc32 and base64 frames, the per-message checksum every peer of the
 * benchmark computes, and writes and reads that finish or fail loudly.
 */

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
