/* Bounds-checked wire readers and writers (see wire.h). */
#include <string.h>

#include "wire.h"

struct bytes wire_in_rest(const struct wire_in *in)
{
	return BYTES(in->ptr + in->off, in->len - in->off);
}

struct bytes wire_in_consumed(const struct wire_in *in)
{
	return BYTES(in->ptr, in->off);
}

bool wire_get_bytes(struct wire_in *in, size_t n, struct bytes *b)
{
	if (n > wire_in_left(in))
		return false;
	*b = BYTES(in->ptr + in->off, n);
	in->off += n;
	return true;
}

bool wire_get_copy(struct wire_in *in, void *dst, size_t n)
{
	struct bytes b;
	if (!wire_get_bytes(in, n, &b))
		return false;
	if (n > 0)
		memcpy(dst, b.ptr, n);
	return true;
}

bool wire_get_sub(struct wire_in *in, size_t n, struct wire_in *sub)
{
	struct bytes b;
	if (!wire_get_bytes(in, n, &b))
		return false;
	*sub = wire_in_bytes(b);
	return true;
}

bool wire_skip(struct wire_in *in, size_t n)
{
	struct bytes b;
	return wire_get_bytes(in, n, &b);
}

bool wire_get_u8(struct wire_in *in, uint8_t *v)
{
	return wire_get_copy(in, v, 1);
}

/* Big-endian integer of n bytes. */
static bool get_be(struct wire_in *in, size_t n, uint64_t *v)
{
	struct bytes b;
	if (!wire_get_bytes(in, n, &b))
		return false;
	uint64_t x = 0;
	for (size_t i = 0; i < n; i++)
		x = x << 8 | b.ptr[i];
	*v = x;
	return true;
}

bool wire_get_u16(struct wire_in *in, uint16_t *v)
{
	uint64_t x;
	if (!get_be(in, 2, &x))
		return false;
	*v = (uint16_t)x;
	return true;
}

bool wire_get_u32(struct wire_in *in, uint32_t *v)
{
	uint64_t x;
	if (!get_be(in, 4, &x))
		return false;
	*v = (uint32_t)x;
	return true;
}

bool wire_get_u64(struct wire_in *in, uint64_t *v)
{
	return get_be(in, 8, v);
}

static bool room(struct wire_out *out, size_t n)
{
	if (out->overflow || n > out->cap - out->len) {
		out->overflow = true;
		return false;
	}
	return true;
}

static void put_be(struct wire_out *out, uint64_t v, size_t n)
{
	if (!room(out, n))
		return;
	for (size_t i = 0; i < n; i++)
		out->ptr[out->len + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	out->len += n;
}

void wire_put_u8(struct wire_out *out, uint8_t v) { put_be(out, v, 1); }
void wire_put_u16(struct wire_out *out, uint16_t v) { put_be(out, v, 2); }
void wire_put_u32(struct wire_out *out, uint32_t v) { put_be(out, v, 4); }
void wire_put_u64(struct wire_out *out, uint64_t v) { put_be(out, v, 8); }

void wire_put_bytes(struct wire_out *out, struct bytes b)
{
	if (!room(out, b.len))
		return;
	if (b.len > 0)
		memcpy(out->ptr + out->len, b.ptr, b.len);
	out->len += b.len;
}

void wire_put_zeros(struct wire_out *out, size_t n)
{
	if (!room(out, n))
		return;
	memset(out->ptr + out->len, 0, n);
	out->len += n;
}

size_t wire_reserve(struct wire_out *out, size_t n)
{
	size_t off = out->len;
	wire_put_zeros(out, n);
	return off;
}

static void patch_be(struct wire_out *out, size_t off, uint64_t v, size_t n)
{
	if (out->overflow || off > out->len || n > out->len - off)
		return;
	for (size_t i = 0; i < n; i++)
		out->ptr[off + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

void wire_patch_u8(struct wire_out *out, size_t off, uint8_t v) { patch_be(out, off, v, 1); }
void wire_patch_u16(struct wire_out *out, size_t off, uint16_t v) { patch_be(out, off, v, 2); }
void wire_patch_u32(struct wire_out *out, size_t off, uint32_t v) { patch_be(out, off, v, 4); }
