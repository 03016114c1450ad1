/* The IKE header, the non-ESP marker, whole messages, the builder and
 * the SK handoff, the digest lookups and the name tables. */
#include <stdlib.h>

#include "ikev2_builder.h"
#include "ikev2_message.h"
#include "unit.h"

static const struct ikev2_header init_hdr = {
	.spi_i = 0x0102030405060708, .exchange = IKEV2_EXCH_IKE_SA_INIT,
	.flags = IKEV2_FLAG_INITIATOR,
};

static void test_header_round_trip(void)
{
	uint8_t buf[64];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_header h = {
		.spi_i = 0x1122334455667788, .spi_r = 0x99aabbccddeeff00,
		.next_payload = IKEV2_PL_SK, .major = 2, .exchange = IKEV2_EXCH_IKE_AUTH,
		.flags = IKEV2_FLAG_RESPONSE, .message_id = 1, .length = 28,
	}, back;
	ikev2_header_encode(&out, &h);
	CHECK_EQ_BYTES(wire_out_bytes(&out), unit_hex("1122334455667788 99aabbccddeeff00"
						      "2e 20 23 20 00000001 0000001c"));
	struct ikev2_error err;
	CHECK(ikev2_header_decode(wire_out_bytes(&out), &back, &err));
	CHECK(memcmp(&h, &back, sizeof(h)) == 0);
	CHECK(ikev2_header_is_response(&back) && !ikev2_header_is_initiator(&back));
}

static void test_non_esp_marker(void)
{
	struct bytes ike = EMPTY_BYTES;
	CHECK(ikev2_non_esp_marker(unit_hex("00000000 aabb"), &ike) == IKEV2_ENCAP_IKE);
	CHECK_EQ_BYTES(ike, unit_hex("aabb"));
	CHECK(ikev2_non_esp_marker(unit_hex("00000001 aabb"), &ike) == IKEV2_ENCAP_ESP);
	CHECK(ikev2_non_esp_marker(unit_hex("ff"), &ike) == IKEV2_ENCAP_KEEPALIVE);
	CHECK(ikev2_non_esp_marker(unit_hex("00"), &ike) == IKEV2_ENCAP_RUNT);
	CHECK(ikev2_non_esp_marker(unit_hex("ffff"), &ike) == IKEV2_ENCAP_RUNT);
}

/* An IKE_SA_INIT request built with every kind of unencrypted payload. */
static struct bytes build_init(uint8_t *buf, size_t cap)
{
	static struct ikev2_sa sa;
	sa = (struct ikev2_sa){ .nproposals = 0 };
	ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES);
	ikev2_sa_add_transform(&sa, 1, 20, 256);
	ikev2_sa_add_transform(&sa, 2, 7, 0);
	ikev2_sa_add_transform(&sa, 4, 31, 0);
	struct ikev2_ke ke = { .group = 31, .data = unit_hex("0123456789abcdef0123456789abcdef"
							     "0123456789abcdef0123456789abcdef") };
	struct wire_out out = wire_out_buf(buf, cap);
	struct ikev2_builder b;
	ikev2_msg_start(&b, &out, &init_hdr);
	ikev2_msg_add_sa(&b, &sa);
	ikev2_msg_add_ke(&b, &ke);
	ikev2_msg_add_nonce(&b, unit_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
	ikev2_msg_add_notify_data(&b, IKEV2_N_NAT_DETECTION_SOURCE_IP,
				  unit_hex("00112233445566778899aabbccddeeff00112233"));
	ikev2_msg_add_notify_data(&b, IKEV2_N_NAT_DETECTION_DESTINATION_IP,
				  unit_hex("00112233445566778899aabbccddeeff00112234"));
	ikev2_msg_add_notify_data(&b, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, EMPTY_BYTES);
	ikev2_msg_add_certreq(&b, &(struct ikev2_cert){ .encoding = IKEV2_CERT_X509_SIGNATURE });
	ikev2_msg_add_vendor(&b, unit_hex("4f45414b"));
	struct bytes msg = EMPTY_BYTES;
	CHECK(ikev2_msg_finish(&b, &msg));
	return msg;
}

static void test_build_and_decode_init(void)
{
	uint8_t buf[1024];
	struct bytes msg = build_init(buf, sizeof(buf));
	static struct ikev2_message m;
	struct ikev2_error err;
	CHECK(ikev2_message_decode(msg, &m, &err));
	CHECK(m.hdr.length == msg.len && m.hdr.next_payload == IKEV2_PL_SA);
	CHECK(m.hdr.spi_i == init_hdr.spi_i && m.hdr.spi_r == 0);
	CHECK(m.outer.count == 8 && m.outer.skipped == 0 && !m.outer.reserved_bits);
	CHECK(m.outer.payloads[0].offset == IKEV2_HEADER_SIZE);
	CHECK(ikev2_digest_count(&m.outer, IKEV2_PL_NOTIFY) == 3);
	const struct ikev2_payload *n = ikev2_digest_first(&m.outer, IKEV2_PL_NOTIFY);
	CHECK(n != NULL && n == &m.outer.payloads[3]);
	n = ikev2_digest_next(&m.outer, n, IKEV2_PL_NOTIFY);
	CHECK(n == &m.outer.payloads[4]);
	n = ikev2_digest_next(&m.outer, n, IKEV2_PL_NOTIFY);
	CHECK(n == &m.outer.payloads[5]);
	CHECK(ikev2_digest_next(&m.outer, n, IKEV2_PL_NOTIFY) == NULL);
	CHECK(ikev2_digest_first(&m.outer, IKEV2_PL_SK) == NULL);
	CHECK(ikev2_message_encrypted(&m) == NULL);
	struct bytes aad;
	CHECK(!ikev2_message_aad(&m, &aad));

	struct ikev2_notify nd;
	CHECK(ikev2_notify_decode(m.outer.payloads[4].body, &nd, &err));
	CHECK(nd.type == IKEV2_N_NAT_DETECTION_DESTINATION_IP && nd.data.len == 20);
	static struct ikev2_sa sa;
	CHECK(ikev2_sa_decode(ikev2_digest_first(&m.outer, IKEV2_PL_SA)->body, &sa, &err));
	CHECK(sa.nproposals == 1 && sa.ntransforms == 3 && sa.transforms[0].key_length == 256);
}

static void test_builder_overflow_and_misuse(void)
{
	uint8_t buf[1024];
	struct bytes full = build_init(buf, sizeof(buf));
	uint8_t small[64];
	struct bytes msg;
	CHECK(full.len > sizeof(small));
	/* the same message into a buffer too small: refused, not truncated */
	struct wire_out out = wire_out_buf(small, sizeof(small));
	struct ikev2_builder b;
	ikev2_msg_start(&b, &out, &init_hdr);
	ikev2_msg_add_nonce(&b, unit_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
	ikev2_msg_add_vendor(&b, unit_hex("4f45414b"));
	CHECK(!ikev2_msg_finish(&b, &msg));

	out = wire_out_buf(buf, sizeof(buf));
	ikev2_msg_start(&b, &out, &init_hdr);
	ikev2_msg_open(&b, IKEV2_PL_VID, false);
	CHECK(!ikev2_msg_finish(&b, &msg));	/* still open */
	ikev2_msg_close(&b);
	CHECK(ikev2_msg_finish(&b, &msg));
	ikev2_msg_close(&b);			/* nothing open */
	CHECK(!ikev2_msg_finish(&b, &msg));

	out = wire_out_buf(buf, sizeof(buf));
	ikev2_msg_start(&b, &out, &init_hdr);
	ikev2_msg_add_id(&b, IKEV2_PL_AUTH, &(struct ikev2_id){ .type = 2 });
	CHECK(!ikev2_msg_finish(&b, &msg));
}

static const struct ikev2_header auth_hdr = {
	.spi_i = 0x0102030405060708, .spi_r = 0x1112131415161718,
	.exchange = IKEV2_EXCH_IKE_AUTH, .flags = IKEV2_FLAG_INITIATOR, .message_id = 1,
};

/* The SK handoff: inner chain, layout, body appended by "the crypto layer". */
static void test_sk_layout(void)
{
	uint8_t plain_buf[256], buf[512];
	struct wire_out plain_out = wire_out_buf(plain_buf, sizeof(plain_buf));
	struct ikev2_builder inner;
	ikev2_chain_start(&inner, &plain_out);
	ikev2_msg_add_id(&inner, IKEV2_PL_IDi, &(struct ikev2_id){ IKEV2_ID_FQDN, unit_hex("77657374") });
	ikev2_msg_add_auth(&inner, &(struct ikev2_auth){ IKEV2_AUTH_PSK, unit_hex("a1a2a3a4a5a6a7a8") });
	ikev2_msg_add_notify_data(&inner, IKEV2_N_TICKET_REQUEST, EMPTY_BYTES);
	struct bytes plaintext;
	CHECK(ikev2_msg_finish(&inner, &plaintext));
	CHECK(inner.first == IKEV2_PL_IDi);

	/* a stand-in "seal": IV, the plaintext as is, an ICV */
	struct bytes iv = unit_hex("0011223344556677"), icv = unit_hex("ffffffffffffffffffffffffffffffff");
	size_t body_len = iv.len + plaintext.len + icv.len;
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_builder b;
	struct bytes aad;
	ikev2_msg_start(&b, &out, &auth_hdr);
	CHECK(ikev2_msg_sk_layout(&b, inner.first, body_len, &aad));
	CHECK(aad.len == IKEV2_HEADER_SIZE + IKEV2_GENERIC_HEADER_SIZE);
	struct bytes msg;
	CHECK(!ikev2_msg_finish(&b, &msg));	/* body not written yet */
	wire_put_bytes(&out, iv);
	wire_put_bytes(&out, plaintext);
	wire_put_bytes(&out, icv);
	CHECK(ikev2_msg_finish(&b, &msg));

	static struct ikev2_message m;
	struct ikev2_error err;
	CHECK(ikev2_message_decode(msg, &m, &err));
	const struct ikev2_payload *sk = ikev2_message_encrypted(&m);
	CHECK(sk != NULL);
	if (sk == NULL)
		return;
	CHECK(sk->type == IKEV2_PL_SK && sk->next == IKEV2_PL_IDi);
	CHECK(sk->body.len == body_len);
	struct bytes aad2;
	CHECK(ikev2_message_aad(&m, &aad2) && bytes_eq(aad, aad2));
	CHECK(aad2.ptr + aad2.len == sk->body.ptr);	/* the body follows the AAD */

	struct wire_in in = wire_in_bytes(sk->body);
	struct bytes opened;
	CHECK(wire_skip(&in, iv.len) && wire_get_bytes(&in, plaintext.len, &opened));
	static struct ikev2_digest d;
	CHECK(ikev2_inner_decode(opened, sk->next, &d, &err));
	CHECK(d.count == 3 && d.payloads[2].type == IKEV2_PL_NOTIFY);
	struct ikev2_id id;
	CHECK(ikev2_id_decode(ikev2_digest_first(&d, IKEV2_PL_IDi)->body, &id, &err));
	CHECK(id.type == IKEV2_ID_FQDN && id.data.len == 4);
}

static void test_skf_layout(void)
{
	uint8_t buf[256];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_builder b;
	struct bytes aad, msg;
	ikev2_msg_start(&b, &out, &auth_hdr);
	CHECK(ikev2_msg_skf_layout(&b, IKEV2_PL_IDi, 1, 2, 24, &aad));
	CHECK(aad.len == IKEV2_HEADER_SIZE + IKEV2_GENERIC_HEADER_SIZE + IKEV2_SKF_HEADER_SIZE);
	wire_put_zeros(&out, 24);
	CHECK(ikev2_msg_finish(&b, &msg));
	CHECK(msg.len == aad.len + 24);
	static struct ikev2_message m;
	struct ikev2_error err;
	CHECK(ikev2_message_decode(msg, &m, &err));
	const struct ikev2_payload *skf = ikev2_message_encrypted(&m);
	CHECK(skf != NULL);
	if (skf == NULL)
		return;
	CHECK(skf->type == IKEV2_PL_SKF);
	struct ikev2_skf f;
	CHECK(ikev2_skf_decode(skf->body, skf->next, &f, &err));
	CHECK(f.number == 1 && f.total == 2 && f.body.len == 24 && f.first_inner == IKEV2_PL_IDi);
	struct bytes aad2;
	CHECK(ikev2_message_aad(&m, &aad2) && bytes_eq(aad, aad2));
	CHECK(aad2.ptr + aad2.len == f.body.ptr);

	/* nothing may follow SK, and a failed builder stays failed */
	out = wire_out_buf(buf, sizeof(buf));
	ikev2_msg_start(&b, &out, &auth_hdr);
	CHECK(ikev2_msg_sk_layout(&b, IKEV2_PL_IDi, 4, &aad));
	size_t len = out.len;
	ikev2_msg_add_nonce(&b, unit_hex("00112233445566778899aabbccddeeff"));
	CHECK(b.misuse && out.len == len);
	wire_put_zeros(&out, 4);
	CHECK(!ikev2_msg_finish(&b, &msg));

	/* the layout needs a message header */
	struct ikev2_builder chain;
	out = wire_out_buf(buf, sizeof(buf));
	ikev2_chain_start(&chain, &out);
	CHECK(!ikev2_msg_sk_layout(&chain, IKEV2_PL_IDi, 10, &aad));
}

/* bad-inputs item 16: the largest TICKET_OPAQUE a Notify payload can
 * carry decodes; one octet more cannot even be built. */
static void test_ticket_opaque_max_length(void)
{
	size_t max = 0xffff - IKEV2_GENERIC_HEADER_SIZE - 4;
	uint8_t *ticket = xzalloc(max + 1);
	uint8_t *buf = xmalloc(0x20000);
	struct wire_out out = wire_out_buf(buf, 0x20000);
	struct ikev2_builder b;
	struct bytes msg;
	ikev2_msg_start(&b, &out, &init_hdr);
	ikev2_msg_add_notify_data(&b, IKEV2_N_TICKET_OPAQUE, BYTES(ticket, max));
	CHECK(ikev2_msg_finish(&b, &msg));
	static struct ikev2_message m;
	struct ikev2_error err;
	CHECK(ikev2_message_decode(msg, &m, &err));
	struct ikev2_notify n;
	CHECK(m.outer.count == 1 && ikev2_notify_decode(m.outer.payloads[0].body, &n, &err));
	CHECK(n.type == IKEV2_N_TICKET_OPAQUE && n.data.len == max);

	out = wire_out_buf(buf, 0x20000);
	ikev2_msg_start(&b, &out, &init_hdr);
	ikev2_msg_add_notify_data(&b, IKEV2_N_TICKET_OPAQUE, BYTES(ticket, max + 1));
	CHECK(!ikev2_msg_finish(&b, &msg));
	free(ticket);
	free(buf);
}

static void test_error_action(void)
{
	struct ikev2_error err = { .kind = IKEV2_ERROR_NONE };
	ikev2_syntax_error(&err, "x %d", 1);
	CHECK(err.kind == IKEV2_ERROR_NOTIFY && err.notify == IKEV2_N_INVALID_SYNTAX);
	CHECK(ikev2_error_action(&err, true) == IKEV2_ERROR_NOTIFY);
	CHECK(ikev2_error_action(&err, false) == IKEV2_ERROR_DROP);
	ikev2_notify_error(&err, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD, "y");
	CHECK(ikev2_error_action(&err, false) == IKEV2_ERROR_NOTIFY);
	ikev2_drop(&err, "z");
	CHECK(ikev2_error_action(&err, true) == IKEV2_ERROR_DROP && strcmp(err.reason, "z") == 0);
	ikev2_error_prefix(&err, "%s: ", "where");
	CHECK(strcmp(err.reason, "where: z") == 0);
	char long_prefix[400];
	memset(long_prefix, 'a', sizeof(long_prefix) - 1);
	long_prefix[sizeof(long_prefix) - 1] = '\0';
	ikev2_error_prefix(&err, "%s", long_prefix);
	CHECK(strlen(err.reason) == IKEV2_ERROR_REASON_MAX - 1);
}

static void test_names(void)
{
	CHECK(strcmp(ikev2_exchange_name(IKEV2_EXCH_IKE_SESSION_RESUME), "IKE_SESSION_RESUME") == 0);
	CHECK(strcmp(ikev2_exchange_name(33), "UNKNOWN") == 0);
	CHECK(strcmp(ikev2_payload_name(IKEV2_PL_SKF), "SKF") == 0);
	CHECK(strcmp(ikev2_payload_name(IKEV2_PL_IDr), "IDr") == 0);
	CHECK(strcmp(ikev2_notify_name(IKEV2_N_TICKET_LT_OPAQUE), "TICKET_LT_OPAQUE") == 0);
	CHECK(strcmp(ikev2_notify_name(IKEV2_N_TICKET_OPAQUE), "TICKET_OPAQUE") == 0);
	CHECK(strcmp(ikev2_notify_name(16413), "TICKET_OPAQUE") == 0);
	CHECK(strcmp(ikev2_notify_name(IKEV2_N_REDIRECT), "REDIRECT") == 0);
	CHECK(strcmp(ikev2_protocol_name(IKEV2_PROTO_ESP), "ESP") == 0);
	CHECK(strcmp(ikev2_id_type_name(IKEV2_ID_KEY_ID), "ID_KEY_ID") == 0);
	CHECK(strcmp(ikev2_auth_method_name(14), "DIGITAL_SIGNATURE") == 0);
	CHECK(strcmp(ikev2_cert_encoding_name(4), "X509_SIGNATURE") == 0);
	CHECK(strcmp(ikev2_ts_type_name(8), "TS_IPV6_ADDR_RANGE") == 0);
	CHECK(strcmp(ikev2_cfg_type_name(2), "CFG_REPLY") == 0);
	CHECK(strcmp(ikev2_cp_attr_name(15), "INTERNAL_IP6_SUBNET") == 0);
	CHECK(ikev2_payload_known(IKEV2_PL_SA) && ikev2_payload_known(IKEV2_PL_SKF));
	CHECK(!ikev2_payload_known(0) && !ikev2_payload_known(49) && !ikev2_payload_known(1));
	CHECK(ikev2_notify_is_error(IKEV2_N_INVALID_SYNTAX) && !ikev2_notify_is_error(IKEV2_N_COOKIE));
	/* the values RFC 5723 §7 and §4.3.2 assign */
	CHECK(IKEV2_N_TICKET_LT_OPAQUE == 16409 && IKEV2_N_TICKET_REQUEST == 16410 &&
	      IKEV2_N_TICKET_ACK == 16411 && IKEV2_N_TICKET_NACK == 16412 &&
	      IKEV2_N_TICKET_OPAQUE == 16413 && IKEV2_EXCH_IKE_SESSION_RESUME == 38);
}

UNIT_MAIN(UNIT(test_header_round_trip), UNIT(test_non_esp_marker),
	  UNIT(test_build_and_decode_init), UNIT(test_builder_overflow_and_misuse),
	  UNIT(test_sk_layout), UNIT(test_skf_layout), UNIT(test_ticket_opaque_max_length),
	  UNIT(test_error_action), UNIT(test_names))
