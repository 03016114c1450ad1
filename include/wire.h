/*
 * Bounds-checked readers and writers for every wire structure.
 *
 * No code outside these functions does pointer arithmetic on packet
 * memory.  A reader never reads past its window: every getter returns
 * false (and consumes nothing) when fewer bytes remain than it needs.
 * A writer never writes past its capacity: the first write that does not
 * fit sets `overflow`, and every later write is ignored, so a builder can
 * write a whole message and check once at the end.
 */
#ifndef WIRE_H
#define WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"

struct wire_in {
	const uint8_t *ptr;
	size_t len;	/* size of the window */
	size_t off;	/* bytes consumed */
};

static inline struct wire_in wire_in_bytes(struct bytes b)
{
	return (struct wire_in){ .ptr = b.ptr, .len = b.len, .off = 0 };
}

static inline size_t wire_in_left(const struct wire_in *in) { return in->len - in->off; }
/* What has not been consumed yet. */
struct bytes wire_in_rest(const struct wire_in *in);
/* The bytes consumed so far (from the start of the window). */
struct bytes wire_in_consumed(const struct wire_in *in);

bool wire_get_u8(struct wire_in *in, uint8_t *v);
bool wire_get_u16(struct wire_in *in, uint16_t *v);	/* network order */
bool wire_get_u32(struct wire_in *in, uint32_t *v);
bool wire_get_u64(struct wire_in *in, uint64_t *v);
bool wire_get_copy(struct wire_in *in, void *dst, size_t n);
/* A view of the next n bytes (not copied). */
bool wire_get_bytes(struct wire_in *in, size_t n, struct bytes *b);
/* A sub-reader over the next n bytes; the parent moves past them. */
bool wire_get_sub(struct wire_in *in, size_t n, struct wire_in *sub);
bool wire_skip(struct wire_in *in, size_t n);

struct wire_out {
	uint8_t *ptr;
	size_t cap;
	size_t len;
	bool overflow;
};

static inline struct wire_out wire_out_buf(void *buf, size_t cap)
{
	return (struct wire_out){ .ptr = buf, .cap = cap, .len = 0, .overflow = false };
}

static inline struct bytes wire_out_bytes(const struct wire_out *out)
{
	return (struct bytes){ .ptr = out->ptr, .len = out->overflow ? 0 : out->len };
}

void wire_put_u8(struct wire_out *out, uint8_t v);
void wire_put_u16(struct wire_out *out, uint16_t v);
void wire_put_u32(struct wire_out *out, uint32_t v);
void wire_put_u64(struct wire_out *out, uint64_t v);
void wire_put_bytes(struct wire_out *out, struct bytes b);
void wire_put_zeros(struct wire_out *out, size_t n);
/* Reserve n bytes to be filled later; returns their offset. */
size_t wire_reserve(struct wire_out *out, size_t n);
/* Fill a previously reserved field (ignored if it lies past the end). */
void wire_patch_u8(struct wire_out *out, size_t off, uint8_t v);
void wire_patch_u16(struct wire_out *out, size_t off, uint16_t v);
void wire_patch_u32(struct wire_out *out, size_t off, uint32_t v);

#endif
