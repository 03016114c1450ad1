/* The bounds-checked reader and writer. */
#include "unit.h"
#include "wire.h"

static void test_reader_bounds(void)
{
	static const uint8_t buf[] = { 1, 2, 3, 4, 5, 6, 7 };
	struct wire_in in = wire_in_bytes(BYTES(buf, sizeof(buf)));
	uint8_t a; uint16_t b; uint32_t c; uint64_t d;
	CHECK(wire_get_u8(&in, &a) && a == 1);
	CHECK(wire_get_u16(&in, &b) && b == 0x0203);
	CHECK(wire_get_u32(&in, &c) && c == 0x04050607);
	CHECK(!wire_get_u8(&in, &a));
	in.off = 0;
	CHECK(!wire_get_u64(&in, &d));
	CHECK(in.off == 0);	/* a failed read consumes nothing */
	struct wire_in sub;
	CHECK(!wire_get_sub(&in, 8, &sub));
	CHECK(wire_get_sub(&in, 3, &sub) && wire_in_left(&sub) == 3 && wire_in_left(&in) == 4);
	CHECK(!wire_skip(&sub, 4));
	CHECK(wire_skip(&sub, 3) && wire_in_left(&sub) == 0);
}

static void test_writer_overflow_is_sticky(void)
{
	uint8_t buf[6];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	wire_put_u32(&out, 0x01020304);
	size_t at = wire_reserve(&out, 2);
	wire_patch_u16(&out, at, 0xabcd);
	CHECK(!out.overflow && out.len == 6);
	CHECK(buf[4] == 0xab && buf[5] == 0xcd);
	wire_put_u8(&out, 9);
	CHECK(out.overflow && out.len == 6);
	wire_put_u8(&out, 9);
	CHECK(wire_out_bytes(&out).len == 0);
}

static void test_hex_and_secrets(void)
{
	struct chunk c;
	CHECK(hex_decode("0x00ff:10 20", &c) && c.len == 4 && c.ptr[1] == 0xff);
	char s[16];
	CHECK(strcmp(hex_encode(chunk_bytes(c), s, sizeof(s)), "00ff1020") == 0);
	struct secret k = secret_clone(chunk_bytes(c));
	CHECK(secret_eq(secret_bytes(k), chunk_bytes(c)));
	k.ptr[3] ^= 1;
	CHECK(!secret_eq(secret_bytes(k), chunk_bytes(c)));
	secret_free(&k);
	CHECK(k.ptr == NULL && k.len == 0);
	chunk_free(&c);
	CHECK(!hex_decode("abc", &c));
	CHECK(!hex_decode("zz", &c));
}

UNIT_MAIN(UNIT(test_reader_bounds), UNIT(test_writer_overflow_is_sticky),
	  UNIT(test_hex_and_secrets))
