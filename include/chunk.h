/*
 * Byte strings.
 *
 * struct bytes   a borrowed, read-only view (never freed through it)
 * struct chunk   an owned heap copy of public data (chunk_free)
 * struct secret  an owned heap copy of key material: secret_free wipes it
 *                before freeing, secret_eq compares in constant time.
 *
 * chunk and secret are distinct types so that key material cannot be
 * freed without wiping by accident.
 */
#ifndef CHUNK_H
#define CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bytes {
	const uint8_t *ptr;
	size_t len;
};

struct chunk {
	uint8_t *ptr;
	size_t len;
};

struct secret {
	uint8_t *ptr;
	size_t len;
};

#define BYTES(p, n) ((struct bytes){ .ptr = (const uint8_t *)(p), .len = (n) })
#define EMPTY_BYTES ((struct bytes){ .ptr = NULL, .len = 0 })

static inline struct bytes chunk_bytes(struct chunk c) { return BYTES(c.ptr, c.len); }
static inline struct bytes secret_bytes(struct secret s) { return BYTES(s.ptr, s.len); }

/* Allocation failure aborts: a daemon that cannot allocate 64 KiB is done. */
struct chunk chunk_alloc(size_t len);
struct chunk chunk_clone(struct bytes b);
struct chunk chunk_concat(struct bytes a, struct bytes b);
void chunk_free(struct chunk *c);
bool bytes_eq(struct bytes a, struct bytes b);

struct secret secret_alloc(size_t len);
struct secret secret_clone(struct bytes b);
void secret_free(struct secret *s);
/* Constant-time in the contents (the lengths are public). */
bool secret_eq(struct bytes a, struct bytes b);
/* Wipe memory in a way the compiler may not elide. */
void wipe(void *p, size_t n);

/* Lower-case hex of b into out (2*len+1 bytes); returns out. */
char *hex_encode(struct bytes b, char *out, size_t outlen);
/* Parses hex (whitespace and ':' ignored); NULL chunk on error. */
bool hex_decode(const char *hex, struct chunk *out);

/* Allocation helpers that abort on failure. */
void *xmalloc(size_t n);
void *xzalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
