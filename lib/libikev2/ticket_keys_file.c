/*
 * The ticket key file: text codec and atomic, permission-checked file
 * I/O (see ticket_keys.h for the format).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ticket_keys.h"
#include "ticket_keys_ring.h"

#define ID_HEX_LEN (2 * TICKET_KEY_ID_LEN)
#define KEY_HEX_LEN (2 * TICKET_KEY_LEN)
#define U64_DIGITS 20
/* "<id> <key> <created> <retire>\n" */
#define KEY_LINE_MAX (ID_HEX_LEN + 1 + KEY_HEX_LEN + 1 + U64_DIGITS + 1 + U64_DIGITS + 1)

static const char file_head[] = TICKET_KEYS_FILE_MAGIC "\n"
	"# key id, AES-256-GCM key, created, retire (seconds since the epoch)\n";

static const char *fail(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static const char *fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return why;
}

struct secret ticket_keys_serialize(const struct ticket_keys *ring)
{
	size_t cap = sizeof(file_head) + ring->n * KEY_LINE_MAX + 1;
	struct secret text = secret_alloc(cap);
	size_t len = (size_t)snprintf((char *)text.ptr, cap, "%s", file_head);
	for (size_t i = 0; i < ring->n; i++) {
		const struct ticket_key *k = &ring->keys[i];
		char id[ID_HEX_LEN + 1], key[KEY_HEX_LEN + 1];
		hex_encode(BYTES(k->id, TICKET_KEY_ID_LEN), id, sizeof(id));
		hex_encode(secret_bytes(k->key), key, sizeof(key));
		len += (size_t)snprintf((char *)text.ptr + len, cap - len, "%s %s %" PRIu64 " %" PRIu64 "\n",
					id, key, k->created, k->retire);
		wipe(key, sizeof(key));
	}
	/* the bytes past len are still zero; secret_free wipes the rest */
	text.len = len;
	return text;
}

static int hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly 2*n hex digits into out[n]. */
static bool hex_field(const char *s, size_t slen, uint8_t *out, size_t n)
{
	if (slen != 2 * n)
		return false;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_nibble(s[2 * i]), lo = hex_nibble(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

/* 1..20 decimal digits, no sign, no overflow. */
static bool u64_field(const char *s, size_t slen, uint64_t *out)
{
	if (slen == 0 || slen > U64_DIGITS)
		return false;
	uint64_t v = 0;
	for (size_t i = 0; i < slen; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		unsigned d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

struct key_line {
	uint8_t id[TICKET_KEY_ID_LEN];
	uint8_t key[TICKET_KEY_LEN];
	uint64_t created, retire;
};

/* Splits on single spaces: exactly four non-empty fields. */
static const char *key_line_parse(const char *line, size_t len, struct key_line *kl)
{
	const char *field[4];
	size_t flen[4], nf = 0, start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != ' ')
			continue;
		if (i == start)
			return "fields must be separated by exactly one space";
		if (nf == 4)
			return "more than 4 fields";
		field[nf] = line + start;
		flen[nf] = i - start;
		nf++;
		start = i + 1;
	}
	if (nf != 4)
		return "expected 4 fields: id key created retire";
	if (!hex_field(field[0], flen[0], kl->id, sizeof(kl->id)))
		return "key id is not 16 hex digits";
	if (!hex_field(field[1], flen[1], kl->key, sizeof(kl->key)))
		return "key is not 64 hex digits";
	if (!u64_field(field[2], flen[2], &kl->created))
		return "creation time is not a decimal number of seconds";
	if (!u64_field(field[3], flen[3], &kl->retire))
		return "retire time is not a decimal number of seconds";
	return NULL;
}

/* One line (without its newline) into tmp; first_line checks the magic. */
static const char *parse_line(struct ticket_keys *tmp, const char *line, size_t len, bool first_line)
{
	if (memchr(line, '\0', len) != NULL)
		return "NUL byte";
	if (first_line) {
		static const char magic[] = TICKET_KEYS_FILE_MAGIC;
		static const char prefix[] = "ikev2-ticket-keys ";
		if (len == sizeof(magic) - 1 && memcmp(line, magic, len) == 0)
			return NULL;
		if (len >= sizeof(prefix) - 1 && memcmp(line, prefix, sizeof(prefix) - 1) == 0)
			return "unsupported file version (expected \"" TICKET_KEYS_FILE_MAGIC "\")";
		return "not a ticket key file (expected \"" TICKET_KEYS_FILE_MAGIC "\")";
	}
	if (len == 0 || line[0] == '#')
		return NULL;
	if (len > KEY_LINE_MAX)
		return "line too long";
	struct key_line kl;
	const char *why = key_line_parse(line, len, &kl);
	if (why == NULL)
		why = ticket_keys_add(tmp, kl.id, BYTES(kl.key, sizeof(kl.key)), kl.created, kl.retire);
	wipe(&kl, sizeof(kl));
	return why;
}

const char *ticket_keys_parse(struct ticket_keys *ring, struct bytes text, char *why, size_t whylen)
{
	struct ticket_keys *tmp = ticket_keys_new(ring->rotation_interval, ring->max_lifetime);
	const char *s = (const char *)text.ptr;
	size_t off = 0, lineno = 0;
	if (text.len == 0) {
		ticket_keys_free(&tmp);
		return fail(why, whylen, "empty ticket key file");
	}
	while (off < text.len) {
		const char *nl = memchr(s + off, '\n', text.len - off);
		size_t len = nl != NULL ? (size_t)(nl - (s + off)) : text.len - off;
		const char *err = parse_line(tmp, s + off, len, lineno == 0);
		lineno++;
		if (err != NULL) {
			ticket_keys_free(&tmp);
			return fail(why, whylen, "line %zu: %s", lineno, err);
		}
		off += len + (nl != NULL ? 1 : 0);
	}
	/* move the keys over; tmp's copies of the pointers are not freed */
	ticket_keys_ring_clear(ring);
	ring->n = tmp->n;
	ring->current = tmp->current;
	memcpy(ring->keys, tmp->keys, sizeof(ring->keys));
	wipe(tmp, sizeof(*tmp));
	free(tmp);
	return NULL;
}

static bool write_all(int fd, struct bytes b)
{
	size_t off = 0;
	while (off < b.len) {
		ssize_t n = write(fd, b.ptr + off, b.len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		off += (size_t)n;
	}
	return true;
}

/* The rename is durable only once the directory entry is on disk. */
static bool fsync_dir_of(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(copy);
	if (fd < 0)
		return false;
	bool ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

const char *ticket_keys_save(const struct ticket_keys *ring, const char *path, char *why, size_t whylen)
{
	size_t tlen = strlen(path) + sizeof(".XXXXXX");
	char *tmp = xmalloc(tlen);
	snprintf(tmp, tlen, "%s.XXXXXX", path);
	/* mkostemp creates the file 0600; fchmod makes sure whatever the umask */
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		fail(why, whylen, "ticket key file %s: cannot create temporary file: %s", path, strerror(errno));
		free(tmp);
		return why;
	}
	struct secret text = ticket_keys_serialize(ring);
	const char *step = NULL;
	if (fchmod(fd, S_IRUSR | S_IWUSR) != 0)
		step = "chmod 0600";
	else if (!write_all(fd, secret_bytes(text)))
		step = "write";
	else if (fsync(fd) != 0)
		step = "fsync";
	int err = errno;
	secret_free(&text);
	if (close(fd) != 0 && step == NULL) {
		step = "close";
		err = errno;
	}
	if (step == NULL && rename(tmp, path) != 0) {
		step = "rename";
		err = errno;
	}
	if (step != NULL) {
		unlink(tmp);
		fail(why, whylen, "ticket key file %s: %s failed: %s", path, step, strerror(err));
		free(tmp);
		return why;
	}
	free(tmp);
	if (!fsync_dir_of(path))
		return fail(why, whylen, "ticket key file %s: fsync of its directory failed: %s",
			    path, strerror(errno));
	return NULL;
}

/* Who may read or write the file decides who can decrypt or forge tickets. */
static const char *check_file(const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return "not a regular file";
	if (st->st_uid != geteuid())
		return "not owned by the user running the daemon";
	if ((st->st_mode & (S_IRWXG | S_IRWXO)) != 0)
		return "group or others have access (mode must be 0600 or stricter; chmod 600 it)";
	if (st->st_size > TICKET_KEYS_FILE_MAX)
		return "too large to be a ticket key file";
	return NULL;
}

static bool read_all(int fd, struct secret *buf, size_t *len)
{
	*len = 0;
	for (;;) {
		ssize_t n = read(fd, buf->ptr + *len, buf->len - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			return true;
		*len += (size_t)n;
		if (*len == buf->len) {
			errno = EFBIG;	/* grew after the size check */
			return false;
		}
	}
}

const char *ticket_keys_load(struct ticket_keys *ring, const char *path, char *why, size_t whylen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(why, whylen, "ticket key file %s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int err = errno;
		close(fd);
		return fail(why, whylen, "ticket key file %s: %s", path, strerror(err));
	}
	const char *bad = check_file(&st);
	if (bad != NULL) {
		close(fd);
		return fail(why, whylen, "ticket key file %s: mode %04o: %s", path,
			    (unsigned)(st.st_mode & 07777), bad);
	}
	/* one byte of slack so a file that grew is noticed */
	struct secret buf = secret_alloc(TICKET_KEYS_FILE_MAX + 1);
	size_t len;
	bool ok = read_all(fd, &buf, &len);
	int err = errno;
	close(fd);
	const char *result = NULL;
	if (!ok) {
		result = fail(why, whylen, "ticket key file %s: read failed: %s", path, strerror(err));
	} else {
		char inner[200];
		if (ticket_keys_parse(ring, BYTES(buf.ptr, len), inner, sizeof(inner)) != NULL)
			result = fail(why, whylen, "ticket key file %s: %s", path, inner);
	}
	secret_free(&buf);
	return result;
}
