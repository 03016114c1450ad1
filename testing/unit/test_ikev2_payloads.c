/* Every payload type: encode -> decode -> the same struct, plus a few
 * known encodings written out by hand from RFC 7296 §3. */
#include "ikev2_payloads.h"
#include "unit.h"

/* Encodes with `enc` into a fresh buffer; returns the body view. */
#define ENCODE(buf, enc, arg) ({ \
	struct wire_out out_ = wire_out_buf(buf, sizeof(buf)); \
	enc(&out_, arg); \
	CHECK(!out_.overflow); \
	wire_out_bytes(&out_); \
})

static uint8_t buf[4096];

static void test_sa_round_trip(void)
{
	static struct ikev2_sa sa, back;
	sa = (struct ikev2_sa){ .nproposals = 0 };
	CHECK(ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES));
	CHECK(ikev2_sa_add_transform(&sa, 1, 12, 256));	/* ENCR_AES_CBC-256 */
	CHECK(ikev2_sa_add_transform(&sa, 2, 5, 0));	/* PRF_HMAC_SHA2_256 */
	CHECK(ikev2_sa_add_transform(&sa, 3, 12, 0));
	CHECK(ikev2_sa_add_transform(&sa, 4, 19, 0));
	CHECK(ikev2_sa_add_proposal(&sa, IKEV2_PROTO_ESP, unit_hex("c0ffee01")));
	CHECK(ikev2_sa_add_transform(&sa, 1, 20, 128));
	CHECK(ikev2_sa_add_transform(&sa, 5, 0, 0));
	CHECK(ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, unit_hex("0102030405060708")));
	CHECK(ikev2_sa_add_transform(&sa, 1, 28, 0));
	struct bytes body = ENCODE(buf, ikev2_sa_encode, &sa);
	struct ikev2_error err;
	CHECK(ikev2_sa_decode(body, &back, &err));
	CHECK(back.nproposals == 3 && back.ntransforms == 7);
	for (unsigned i = 0; i < sa.nproposals; i++) {
		const struct ikev2_proposal *p = &sa.proposals[i], *q = &back.proposals[i];
		CHECK(p->number == q->number && p->protocol == q->protocol);
		CHECK(p->spi_size == q->spi_size && memcmp(p->spi, q->spi, p->spi_size) == 0);
		CHECK(p->ntransforms == q->ntransforms);
		for (unsigned j = 0; j < p->ntransforms; j++) {
			const struct ikev2_transform *a = ikev2_proposal_transform(&sa, p, j);
			const struct ikev2_transform *b = ikev2_proposal_transform(&back, q, j);
			CHECK(a != NULL && b != NULL);
			CHECK(a->type == b->type && a->id == b->id && a->key_length == b->key_length);
			CHECK(!b->unknown_attribute);
		}
	}
	CHECK(ikev2_proposal_transform(&back, &back.proposals[0], 4) == NULL);
}

static void test_sa_known_encoding(void)
{
	/* one IKE proposal: ENCR_AES_CBC/128, RFC 7296 §3.3.1-§3.3.5 layout */
	static struct ikev2_sa sa;
	sa = (struct ikev2_sa){ .nproposals = 0 };
	CHECK(ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES));
	CHECK(ikev2_sa_add_transform(&sa, 1, 12, 128));
	CHECK(ikev2_sa_add_transform(&sa, 4, 14, 0));
	struct bytes body = ENCODE(buf, ikev2_sa_encode, &sa);
	CHECK_EQ_BYTES(body, unit_hex("00 00 001c 01 01 00 02"
				      "03 00 000c 01 00 000c 800e 0080"
				      "00 00 0008 04 00 000e"));
}

static void test_sa_builder_limits(void)
{
	static struct ikev2_sa sa;
	sa = (struct ikev2_sa){ .nproposals = 0 };
	CHECK(!ikev2_sa_add_transform(&sa, 1, 12, 0));	/* no proposal yet */
	CHECK(!ikev2_sa_add_proposal(&sa, IKEV2_PROTO_ESP, unit_hex("000102030405060708")));
	for (unsigned i = 0; i < IKEV2_SA_MAX_PROPOSALS; i++)
		CHECK(ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES));
	CHECK(!ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES));
}

static void test_ke_nonce_round_trip(void)
{
	struct ikev2_ke ke = { .group = 19, .data = unit_hex("04 aa bb cc dd ee ff") }, ke2;
	struct ikev2_error err;
	struct bytes body = ENCODE(buf, ikev2_ke_encode, &ke);
	CHECK_EQ_BYTES(body, unit_hex("0013 0000 04aabbccddeeff"));
	CHECK(ikev2_ke_decode(body, &ke2, &err));
	CHECK(ke2.group == 19 && bytes_eq(ke2.data, ke.data));

	struct bytes nonce = unit_hex("000102030405060708090a0b0c0d0e0f10"), n2;
	body = ENCODE(buf, ikev2_nonce_encode, nonce);
	CHECK(ikev2_nonce_decode(body, &n2, &err) && bytes_eq(n2, nonce));
}

static void check_notify_round_trip(const struct ikev2_notify *n)
{
	struct ikev2_notify back;
	struct ikev2_error err;
	struct bytes body = ENCODE(buf, ikev2_notify_encode, n);
	CHECK(ikev2_notify_decode(body, &back, &err));
	CHECK(back.protocol == n->protocol && back.type == n->type);
	CHECK(bytes_eq(back.spi, n->spi) && bytes_eq(back.data, n->data));
}

static void test_notify_round_trip(void)
{
	struct ikev2_notify n = {
		.type = IKEV2_N_NAT_DETECTION_SOURCE_IP,
		.data = unit_hex("00112233445566778899aabbccddeeff00112233"),
	};
	check_notify_round_trip(&n);
	n = (struct ikev2_notify){ .type = IKEV2_N_TICKET_REQUEST };
	check_notify_round_trip(&n);
	n = (struct ikev2_notify){ .type = IKEV2_N_COOKIE, .data = unit_hex("c0c0c0c0") };
	check_notify_round_trip(&n);
	n = (struct ikev2_notify){ .protocol = IKEV2_PROTO_ESP, .type = IKEV2_N_REKEY_SA,
				   .spi = unit_hex("12345678") };
	check_notify_round_trip(&n);
	n = (struct ikev2_notify){ .type = IKEV2_N_SIGNATURE_HASH_ALGORITHMS,
				   .data = unit_hex("0002 0003 0004") };
	check_notify_round_trip(&n);
	n = (struct ikev2_notify){ .type = 40000, .data = unit_hex("01") };	/* unknown status */
	check_notify_round_trip(&n);
	CHECK_EQ_BYTES(ENCODE(buf, ikev2_notify_encode, &n), unit_hex("00 00 9c40 01"));
}

static void test_ticket_and_redirect_data(void)
{
	struct ikev2_error err;
	struct ikev2_ticket_lt t = { .lifetime = 3600, .ticket = unit_hex("abcdef") }, t2;
	struct bytes data = ENCODE(buf, ikev2_ticket_lt_encode, &t);
	CHECK_EQ_BYTES(data, unit_hex("00000e10 abcdef"));
	CHECK(ikev2_ticket_lt_decode(data, &t2, &err));
	CHECK(t2.lifetime == 3600 && bytes_eq(t2.ticket, t.ticket));

	struct ikev2_redirect r = { .gw_type = IKEV2_GW_FQDN, .gw = unit_hex("676174652e6578") }, r2;
	data = ENCODE(buf, ikev2_redirect_encode, &r);
	CHECK(ikev2_redirect_decode(data, &r2, &err));
	CHECK(r2.gw_type == r.gw_type && bytes_eq(r2.gw, r.gw) && r2.nonce.len == 0);
	r = (struct ikev2_redirect){ .gw_type = IKEV2_GW_IPV6,
				     .gw = unit_hex("20010db8000000000000000000000001"),
				     .nonce = unit_hex("000102030405060708090a0b0c0d0e0f") };
	static uint8_t data_buf[64];	/* the notify below is encoded into buf */
	data = ENCODE(data_buf, ikev2_redirect_encode, &r);
	CHECK(ikev2_redirect_decode(data, &r2, &err));
	CHECK(bytes_eq(r2.gw, r.gw) && bytes_eq(r2.nonce, r.nonce));
	/* and inside a Notify, where REDIRECTED_FROM may carry no nonce */
	struct ikev2_notify n = { .type = IKEV2_N_REDIRECT, .data = data };
	check_notify_round_trip(&n);
	n.type = IKEV2_N_REDIRECTED_FROM;
	struct bytes body = ENCODE(buf, ikev2_notify_encode, &n);
	struct ikev2_notify back;
	CHECK(!ikev2_notify_decode(body, &back, &err));
	CHECK(strstr(err.reason, "N(REDIRECTED_FROM): 16 octets after the gateway identity") != NULL);
}

static void test_id_auth_cert_round_trip(void)
{
	struct ikev2_error err;
	struct ikev2_id id = { .type = IKEV2_ID_FQDN, .data = unit_hex("776573742e6578") }, id2;
	struct bytes body = ENCODE(buf, ikev2_id_encode, &id);
	CHECK_EQ_BYTES(body, unit_hex("02 000000 776573742e6578"));
	CHECK(ikev2_id_decode(body, &id2, &err));
	CHECK(id2.type == id.type && bytes_eq(id2.data, id.data));
	id = (struct ikev2_id){ .type = IKEV2_ID_IPV6_ADDR,
				.data = unit_hex("20010db8000000000000000000000002") };
	body = ENCODE(buf, ikev2_id_encode, &id);
	CHECK(ikev2_id_decode(body, &id2, &err) && bytes_eq(id2.data, id.data));

	struct ikev2_auth a = { .method = IKEV2_AUTH_PSK, .data = unit_hex("0102030405") }, a2;
	body = ENCODE(buf, ikev2_auth_encode, &a);
	CHECK(ikev2_auth_decode(body, &a2, &err));
	CHECK(a2.method == a.method && bytes_eq(a2.data, a.data));

	struct ikev2_cert c = { .encoding = IKEV2_CERT_X509_SIGNATURE, .data = unit_hex("3082") }, c2;
	body = ENCODE(buf, ikev2_cert_encode, &c);
	CHECK(ikev2_cert_decode(body, &c2, &err));
	CHECK(c2.encoding == c.encoding && bytes_eq(c2.data, c.data));
	c.data = unit_hex("00112233445566778899aabbccddeeff00112233"
			  "ffeeddccbbaa99887766554433221100ffeeddcc");
	body = ENCODE(buf, ikev2_cert_encode, &c);
	CHECK(ikev2_certreq_decode(body, &c2, &err) && bytes_eq(c2.data, c.data));
	c.data = EMPTY_BYTES;	/* a CERTREQ may name no CA */
	body = ENCODE(buf, ikev2_cert_encode, &c);
	CHECK(ikev2_certreq_decode(body, &c2, &err) && c2.data.len == 0);
}

static void test_ts_round_trip(void)
{
	static struct ikev2_ts_list tsl, back;
	tsl = (struct ikev2_ts_list){ .count = 2 };
	tsl.ts[0] = (struct ikev2_ts){ .type = IKEV2_TS_IPV4_ADDR_RANGE, .ipproto = 6,
				       .start_port = 80, .end_port = 443,
				       .start = { 192, 0, 2, 0 }, .end = { 192, 0, 2, 255 } };
	tsl.ts[1] = (struct ikev2_ts){ .type = IKEV2_TS_IPV6_ADDR_RANGE, .end_port = 65535,
				       .start = { 0x20, 0x01, 0x0d, 0xb8 },
				       .end = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff } };
	struct ikev2_error err;
	struct bytes body = ENCODE(buf, ikev2_ts_encode, &tsl);
	CHECK(body.len == 4 + 16 + 40);
	CHECK(ikev2_ts_decode(body, &back, &err));
	CHECK(back.count == 2);
	CHECK(memcmp(&back.ts[0], &tsl.ts[0], sizeof(tsl.ts[0])) == 0);
	CHECK(memcmp(&back.ts[1], &tsl.ts[1], sizeof(tsl.ts[1])) == 0);
	CHECK(ikev2_ts_addr_len(IKEV2_TS_IPV4_ADDR_RANGE) == 4 && ikev2_ts_addr_len(9) == 0);
}

static void test_delete_round_trip(void)
{
	struct ikev2_error err;
	struct ikev2_delete d = { .protocol = IKEV2_PROTO_ESP, .spi_size = 4, .nspi = 2,
				  .spis = unit_hex("11223344 55667788") }, d2;
	struct bytes body = ENCODE(buf, ikev2_delete_encode, &d);
	CHECK_EQ_BYTES(body, unit_hex("03 04 0002 11223344 55667788"));
	CHECK(ikev2_delete_decode(body, &d2, &err));
	CHECK(d2.nspi == 2 && ikev2_delete_spi(&d2, 1) == 0x55667788);
	CHECK(ikev2_delete_spi(&d2, 2) == 0);
	d = (struct ikev2_delete){ .protocol = IKEV2_PROTO_IKE };
	body = ENCODE(buf, ikev2_delete_encode, &d);
	CHECK(ikev2_delete_decode(body, &d2, &err) && d2.protocol == IKEV2_PROTO_IKE && d2.nspi == 0);
}

static void test_cp_round_trip(void)
{
	static struct ikev2_cp cp, back;
	cp = (struct ikev2_cp){ .cfg_type = IKEV2_CFG_REPLY, .nattrs = 4 };
	cp.attrs[0] = (struct ikev2_cp_attr){ IKEV2_CP_INTERNAL_IP4_ADDRESS, unit_hex("0a000001") };
	cp.attrs[1] = (struct ikev2_cp_attr){ IKEV2_CP_INTERNAL_IP4_DNS, unit_hex("0a000035") };
	cp.attrs[2] = (struct ikev2_cp_attr){ IKEV2_CP_INTERNAL_IP6_ADDRESS, EMPTY_BYTES };
	cp.attrs[3] = (struct ikev2_cp_attr){ 16000, unit_hex("6869") };	/* unknown: carried */
	struct ikev2_error err;
	struct bytes body = ENCODE(buf, ikev2_cp_encode, &cp);
	CHECK(ikev2_cp_decode(body, &back, &err));
	CHECK(back.cfg_type == cp.cfg_type && back.nattrs == cp.nattrs);
	for (unsigned i = 0; i < cp.nattrs; i++)
		CHECK(back.attrs[i].type == cp.attrs[i].type &&
		      bytes_eq(back.attrs[i].value, cp.attrs[i].value));
}

static void test_opaque_and_encrypted(void)
{
	struct ikev2_error err;
	struct bytes v, vid = unit_hex("4f45414b"), eap = unit_hex("01 07 0005 01");
	CHECK(ikev2_vendor_decode(ENCODE(buf, ikev2_opaque_encode, vid), &v, &err) && bytes_eq(v, vid));
	CHECK(ikev2_eap_decode(ENCODE(buf, ikev2_opaque_encode, eap), &v, &err) && bytes_eq(v, eap));

	struct ikev2_sk sk;
	CHECK(ikev2_sk_decode(unit_hex("00112233"), IKEV2_PL_IDi, &sk, &err));
	CHECK(sk.first_inner == IKEV2_PL_IDi && sk.body.len == 4);
	struct ikev2_skf skf;
	CHECK(ikev2_skf_decode(unit_hex("0002 0003 aabbcc"), 0, &skf, &err));
	CHECK(skf.number == 2 && skf.total == 3 && skf.body.len == 3 && skf.first_inner == 0);
	CHECK(ikev2_skf_decode(unit_hex("0001 0001 aa"), IKEV2_PL_IDi, &skf, &err));
	CHECK(skf.first_inner == IKEV2_PL_IDi);
}

UNIT_MAIN(UNIT(test_sa_round_trip), UNIT(test_sa_known_encoding), UNIT(test_sa_builder_limits),
	  UNIT(test_ke_nonce_round_trip), UNIT(test_notify_round_trip),
	  UNIT(test_ticket_and_redirect_data), UNIT(test_id_auth_cert_round_trip),
	  UNIT(test_ts_round_trip), UNIT(test_delete_round_trip), UNIT(test_cp_round_trip),
	  UNIT(test_opaque_and_encrypted))
