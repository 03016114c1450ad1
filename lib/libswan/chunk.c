/* Byte strings: owned copies, secrets wiped on free, hex. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chunk.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

void *xzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (p == NULL)
		abort();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		abort();
	return q;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		abort();
	return p;
}

void wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		explicit_bzero(p, n);
}

struct chunk chunk_alloc(size_t len)
{
	return (struct chunk){ .ptr = xzalloc(len), .len = len };
}

struct chunk chunk_clone(struct bytes b)
{
	struct chunk c = chunk_alloc(b.len);
	if (b.len > 0)
		memcpy(c.ptr, b.ptr, b.len);
	return c;
}

struct chunk chunk_concat(struct bytes a, struct bytes b)
{
	struct chunk c = chunk_alloc(a.len + b.len);
	if (a.len > 0)
		memcpy(c.ptr, a.ptr, a.len);
	if (b.len > 0)
		memcpy(c.ptr + a.len, b.ptr, b.len);
	return c;
}

void chunk_free(struct chunk *c)
{
	free(c->ptr);
	c->ptr = NULL;
	c->len = 0;
}

bool bytes_eq(struct bytes a, struct bytes b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

struct secret secret_alloc(size_t len)
{
	return (struct secret){ .ptr = xzalloc(len), .len = len };
}

struct secret secret_clone(struct bytes b)
{
	struct secret s = secret_alloc(b.len);
	if (b.len > 0)
		memcpy(s.ptr, b.ptr, b.len);
	return s;
}

void secret_free(struct secret *s)
{
	wipe(s->ptr, s->len);
	free(s->ptr);
	s->ptr = NULL;
	s->len = 0;
}

bool secret_eq(struct bytes a, struct bytes b)
{
	if (a.len != b.len)
		return false;
	uint8_t diff = 0;
	for (size_t i = 0; i < a.len; i++)
		diff |= a.ptr[i] ^ b.ptr[i];
	/* volatile read so the loop is not turned into an early exit */
	volatile uint8_t d = diff;
	return d == 0;
}

char *hex_encode(struct bytes b, char *out, size_t outlen)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;
	for (size_t i = 0; i < b.len && n + 2 < outlen; i++) {
		out[n++] = digits[b.ptr[i] >> 4];
		out[n++] = digits[b.ptr[i] & 0xf];
	}
	if (outlen > 0)
		out[n] = '\0';
	return out;
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool hex_decode(const char *hex, struct chunk *out)
{
	size_t n = strlen(hex);
	struct chunk c = chunk_alloc(n / 2 + 1);
	size_t len = 0;
	int hi = -1;
	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		hex += 2;
	for (const char *p = hex; *p != '\0'; p++) {
		if (isspace((unsigned char)*p) || *p == ':')
			continue;
		int v = hex_value((unsigned char)*p);
		if (v < 0) {
			chunk_free(&c);
			return false;
		}
		if (hi < 0) {
			hi = v;
		} else {
			c.ptr[len++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		chunk_free(&c);
		return false;
	}
	c.len = len;
	*out = c;
	return true;
}
