/*
 * Systematic mutations of valid messages: every truncation (with the
 * header length left alone, and patched to match), every octet set to
 * 0x00 and to 0xff, every single bit flipped.  Each mutant goes into an
 * exact-size heap copy (so ASan sees any over-read) and must either
 * decode, with every payload inside the message and re-encodable, or be
 * refused with a reaction and a reason.  The inner-chain decoder gets
 * the same treatment on an SK plaintext.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../fuzz/ikev2_reencode.h"
#include "ikev2_builder.h"
#include "ikev2_message.h"
#include "unit.h"

#define HEADER_LENGTH_AT 24

struct tally {
	unsigned decoded;
	unsigned refused;
};

static bool inside(struct bytes outer, struct bytes part)
{
	return part.len == 0 ||
		(part.ptr >= outer.ptr && part.len <= outer.len &&
		 (size_t)(part.ptr - outer.ptr) <= outer.len - part.len);
}

/* The properties of one decode result. */
static void check_digest(struct bytes window, const struct ikev2_digest *d)
{
	CHECK(d->count <= IKEV2_MAX_PAYLOADS);
	for (unsigned i = 0; i < d->count; i++) {
		const struct ikev2_payload *p = &d->payloads[i];
		CHECK(inside(window, p->body));
		CHECK(ikev2_payload_known(p->type));
		const char *broken = ikev2_reencode_check(p);
		if (broken != NULL)
			fprintf(stderr, "  %s payload at %zu: %s\n",
				ikev2_payload_name(p->type), p->offset, broken);
		CHECK(broken == NULL);
	}
}

static void check_refusal(const struct ikev2_error *err)
{
	CHECK(err->kind == IKEV2_ERROR_DROP || err->kind == IKEV2_ERROR_NOTIFY);
	CHECK(err->reason[0] != '\0');
	CHECK(strnlen(err->reason, sizeof(err->reason)) < sizeof(err->reason));
	CHECK(err->data_len <= 1);
}

/* Decodes `len` octets of `src` from an exact-size copy. */
static void decode_one(const uint8_t *src, size_t len, bool inner, uint8_t first, struct tally *t)
{
	static struct ikev2_message m;
	static struct ikev2_digest d;
	uint8_t *copy = xmalloc(len > 0 ? len : 1);
	if (len > 0)
		memcpy(copy, src, len);
	struct bytes msg = BYTES(copy, len);
	struct ikev2_error err = { .kind = IKEV2_ERROR_NONE };
	bool ok = inner ? ikev2_inner_decode(msg, first, &d, &err)
		: ikev2_message_decode(msg, &m, &err);
	if (ok) {
		t->decoded++;
		check_digest(msg, inner ? &d : &m.outer);
		if (!inner && ikev2_message_encrypted(&m) != NULL) {
			struct bytes aad;
			CHECK(ikev2_message_aad(&m, &aad) && inside(msg, aad));
		}
	} else {
		t->refused++;
		check_refusal(&err);
	}
	free(copy);
}

static void put_length(uint8_t *buf, size_t len)
{
	struct wire_out out = wire_out_buf(buf, len);
	out.len = HEADER_LENGTH_AT;
	wire_put_u32(&out, (uint32_t)len);
}

static void mutate_all(struct bytes base, bool inner, uint8_t first, struct tally *t)
{
	uint8_t *buf = xmalloc(base.len);
	/* the unmutated input must decode */
	struct tally clean = { 0, 0 };
	decode_one(base.ptr, base.len, inner, first, &clean);
	CHECK(clean.decoded == 1);
	for (size_t n = 0; n < base.len; n++) {
		struct tally before = *t;
		decode_one(base.ptr, n, inner, first, t);
		/* a message cut short without fixing its length is always dropped */
		if (!inner)
			CHECK(t->refused == before.refused + 1);
		if (!inner && n >= IKEV2_HEADER_SIZE) {
			memcpy(buf, base.ptr, n);
			put_length(buf, n);
			decode_one(buf, n, inner, first, t);
		}
	}
	for (size_t i = 0; i < base.len; i++) {
		static const uint8_t values[] = { 0x00, 0xff };
		for (size_t v = 0; v < sizeof(values); v++) {
			memcpy(buf, base.ptr, base.len);
			buf[i] = values[v];
			decode_one(buf, base.len, inner, first, t);
		}
		for (unsigned bit = 0; bit < 8; bit++) {
			memcpy(buf, base.ptr, base.len);
			buf[i] ^= (uint8_t)(1u << bit);
			decode_one(buf, base.len, inner, first, t);
		}
	}
	free(buf);
}

static const struct ikev2_header init_hdr = {
	.spi_i = 0x0102030405060708, .exchange = IKEV2_EXCH_IKE_SA_INIT,
	.flags = IKEV2_FLAG_INITIATOR,
};

static const struct ikev2_header auth_hdr = {
	.spi_i = 0x0102030405060708, .spi_r = 0x1112131415161718,
	.exchange = IKEV2_EXCH_IKE_AUTH, .flags = IKEV2_FLAG_INITIATOR, .message_id = 1,
};

static struct bytes nonce32(void)
{
	return unit_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
}

static void add_init_payloads(struct ikev2_builder *b)
{
	static struct ikev2_sa sa;
	sa = (struct ikev2_sa){ .nproposals = 0 };
	ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES);
	ikev2_sa_add_transform(&sa, 1, 20, 256);
	ikev2_sa_add_transform(&sa, 2, 7, 0);
	ikev2_sa_add_transform(&sa, 4, 19, 0);
	ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES);
	ikev2_sa_add_transform(&sa, 1, 12, 128);
	ikev2_sa_add_transform(&sa, 3, 12, 0);
	ikev2_sa_add_transform(&sa, 2, 5, 0);
	ikev2_sa_add_transform(&sa, 4, 14, 0);
	ikev2_msg_add_sa(b, &sa);
	ikev2_msg_add_ke(b, &(struct ikev2_ke){ 19, unit_hex("0123456789abcdef0123456789abcdef") });
	ikev2_msg_add_nonce(b, nonce32());
	ikev2_msg_add_notify_data(b, IKEV2_N_NAT_DETECTION_SOURCE_IP,
				  unit_hex("00112233445566778899aabbccddeeff00112233"));
	ikev2_msg_add_notify_data(b, IKEV2_N_COOKIE, unit_hex("c0c0c0c0c0c0c0c0"));
	ikev2_msg_add_notify_data(b, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, unit_hex("000200030004"));
	ikev2_msg_add_certreq(b, &(struct ikev2_cert){ IKEV2_CERT_X509_SIGNATURE,
						       unit_hex("00112233445566778899aabbccddeeff00112233") });
	ikev2_msg_add_vendor(b, unit_hex("4f45414b"));
}

/* What an IKE_AUTH request carries inside SK, plus a few more types. */
static void add_auth_payloads(struct ikev2_builder *b)
{
	static struct ikev2_sa sa;
	static struct ikev2_ts_list ts;
	static struct ikev2_cp cp;
	sa = (struct ikev2_sa){ .nproposals = 0 };
	ikev2_sa_add_proposal(&sa, IKEV2_PROTO_ESP, unit_hex("c0ffee01"));
	ikev2_sa_add_transform(&sa, 1, 20, 256);
	ikev2_sa_add_transform(&sa, 5, 0, 0);
	ts = (struct ikev2_ts_list){ .count = 2 };
	ts.ts[0] = (struct ikev2_ts){ .type = IKEV2_TS_IPV4_ADDR_RANGE, .start_port = 0,
				      .end_port = 65535, .start = { 10, 0, 0, 0 },
				      .end = { 10, 0, 0, 255 } };
	ts.ts[1] = (struct ikev2_ts){ .type = IKEV2_TS_IPV6_ADDR_RANGE, .ipproto = 17,
				      .start_port = 500, .end_port = 500,
				      .start = { 0x20, 0x01, 0x0d, 0xb8 },
				      .end = { 0x20, 0x01, 0x0d, 0xb8, 1 } };
	cp = (struct ikev2_cp){ .cfg_type = IKEV2_CFG_REQUEST, .nattrs = 3 };
	cp.attrs[0] = (struct ikev2_cp_attr){ IKEV2_CP_INTERNAL_IP4_ADDRESS, EMPTY_BYTES };
	cp.attrs[1] = (struct ikev2_cp_attr){ IKEV2_CP_INTERNAL_IP4_DNS, EMPTY_BYTES };
	cp.attrs[2] = (struct ikev2_cp_attr){ IKEV2_CP_INTERNAL_IP6_SUBNET,
					      unit_hex("20010db8000000000000000000000000 40") };
	ikev2_msg_add_id(b, IKEV2_PL_IDi, &(struct ikev2_id){ IKEV2_ID_FQDN, unit_hex("726f6164") });
	ikev2_msg_add_cert(b, &(struct ikev2_cert){ IKEV2_CERT_X509_SIGNATURE, unit_hex("30820102") });
	ikev2_msg_add_id(b, IKEV2_PL_IDr, &(struct ikev2_id){ IKEV2_ID_IPV4_ADDR, unit_hex("c0000201") });
	ikev2_msg_add_auth(b, &(struct ikev2_auth){ IKEV2_AUTH_PSK,
						    unit_hex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0") });
	ikev2_msg_add_cp(b, &cp);
	ikev2_msg_add_sa(b, &sa);
	ikev2_msg_add_ts(b, IKEV2_PL_TSi, &ts);
	ikev2_msg_add_ts(b, IKEV2_PL_TSr, &ts);
	ikev2_msg_add_notify_data(b, IKEV2_N_TICKET_REQUEST, EMPTY_BYTES);
	ikev2_msg_add_notify(b, &(struct ikev2_notify){ .protocol = IKEV2_PROTO_ESP,
							.type = IKEV2_N_REKEY_SA,
							.spi = unit_hex("0badcafe") });
	ikev2_msg_add_delete(b, &(struct ikev2_delete){ IKEV2_PROTO_ESP, 4, 1, unit_hex("0badcafe") });
	ikev2_msg_add_eap(b, unit_hex("02 01 0009 01 61626364"));
}

static void test_init_request(void)
{
	uint8_t buf[1024];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_builder b;
	struct bytes msg;
	ikev2_msg_start(&b, &out, &init_hdr);
	add_init_payloads(&b);
	CHECK(ikev2_msg_finish(&b, &msg));
	struct tally t = { 0, 0 };
	mutate_all(msg, false, 0, &t);
	fprintf(stderr, "  IKE_SA_INIT (%zu octets): %u mutants decoded, %u refused\n",
		msg.len, t.decoded, t.refused);
	CHECK(t.refused > 0 && t.decoded > 0);
}

static void test_auth_payloads_outer_and_inner(void)
{
	uint8_t buf[1024];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_builder b;
	struct bytes msg;
	ikev2_msg_start(&b, &out, &auth_hdr);
	add_auth_payloads(&b);
	CHECK(ikev2_msg_finish(&b, &msg));
	struct tally t = { 0, 0 };
	mutate_all(msg, false, 0, &t);

	uint8_t plain_buf[1024];
	struct wire_out plain_out = wire_out_buf(plain_buf, sizeof(plain_buf));
	struct ikev2_builder inner;
	struct bytes plaintext;
	ikev2_chain_start(&inner, &plain_out);
	add_auth_payloads(&inner);
	CHECK(ikev2_msg_finish(&inner, &plaintext));
	mutate_all(plaintext, true, inner.first, &t);
	fprintf(stderr, "  IKE_AUTH payloads (%zu + %zu octets): %u mutants decoded, %u refused\n",
		msg.len, plaintext.len, t.decoded, t.refused);
}

static void test_encrypted_messages(void)
{
	uint8_t buf[256];
	struct bytes aad, msg;
	struct ikev2_builder b;
	struct tally t = { 0, 0 };

	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	ikev2_msg_start(&b, &out, &auth_hdr);
	CHECK(ikev2_msg_sk_layout(&b, IKEV2_PL_IDi, 32, &aad));
	wire_put_bytes(&out, unit_hex("00112233445566778899aabbccddeeff0011223344556677"
				      "8899aabbccddeeff"));
	CHECK(ikev2_msg_finish(&b, &msg));
	mutate_all(msg, false, 0, &t);

	out = wire_out_buf(buf, sizeof(buf));
	ikev2_msg_start(&b, &out, &auth_hdr);
	CHECK(ikev2_msg_skf_layout(&b, 0, 2, 3, 24, &aad));
	wire_put_bytes(&out, unit_hex("00112233445566778899aabbccddeeff0011223344556677"));
	CHECK(ikev2_msg_finish(&b, &msg));
	mutate_all(msg, false, 0, &t);
	fprintf(stderr, "  SK and SKF: %u mutants decoded, %u refused\n", t.decoded, t.refused);
}

static void test_session_resume_request(void)
{
	static const struct ikev2_header resume_hdr = {
		.spi_i = 0x2122232425262728, .exchange = IKEV2_EXCH_IKE_SESSION_RESUME,
		.flags = IKEV2_FLAG_INITIATOR,
	};
	uint8_t buf[512];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_builder b;
	struct bytes msg;
	ikev2_msg_start(&b, &out, &resume_hdr);
	ikev2_msg_add_notify_data(&b, IKEV2_N_COOKIE, unit_hex("0102030405060708"));
	ikev2_msg_add_nonce(&b, nonce32());
	ikev2_msg_add_notify_data(&b, IKEV2_N_TICKET_OPAQUE,
				  unit_hex("01 00000007 000102030405060708090a0b 0c0d0e0f"));
	CHECK(ikev2_msg_finish(&b, &msg));
	struct tally t = { 0, 0 };
	mutate_all(msg, false, 0, &t);
	fprintf(stderr, "  IKE_SESSION_RESUME: %u mutants decoded, %u refused\n", t.decoded, t.refused);
}

UNIT_MAIN(UNIT(test_init_request), UNIT(test_auth_payloads_outer_and_inner),
	  UNIT(test_encrypted_messages), UNIT(test_session_resume_request))
