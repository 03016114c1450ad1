/* Sealing and unsealing resumption tickets (ikev2_ticket.h). */
#include <stdio.h>
#include <stdlib.h>

#include <pk11pub.h>

#include "ikev2_ticket.h"
#include "ticket_keys.h"
#include "unit.h"
#include "wire.h"
#include "../fuzz/ticket_fixed_ring.h"

#define NOW FIXED_NOW
#define SEED_TICKET "testing/fuzz/corpus/fuzz_ticket_unseal/valid-ticket"

static void set_id(struct ticket_id *id, uint8_t type, const char *body)
{
	id->type = type;
	id->len = (uint16_t)strlen(body);
	memcpy(id->body, body, id->len);
}

/* Every field a distinct, recognisable value. */
static void sample_state(struct ticket_state *st, uint64_t expiry)
{
	memset(st, 0, sizeof(*st));
	set_id(&st->idi, 3, "road@example.org");
	set_id(&st->idr, 2, "east.example.org");
	st->auth_method = 14;
	st->sa = (struct ticket_ike_proposal){ .encr = 20, .encr_key_bits = 256, .prf = 7,
					       .integ = 0, .dh = 31 };
	st->sk_d = secret_clone(unit_hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
	memcpy(st->spi_i, "\x11\x22\x33\x44\x55\x66\x77\x88", TICKET_SPI_LEN);
	memcpy(st->spi_r, "\x99\xaa\xbb\xcc\xdd\xee\xff\x01", TICKET_SPI_LEN);
	st->expiry = expiry;
	snprintf(st->name, sizeof(st->name), "road-warrior");
}

static bool id_eq(const struct ticket_id *a, const struct ticket_id *b)
{
	return a->type == b->type && bytes_eq(BYTES(a->body, a->len), BYTES(b->body, b->len));
}

/* Field by field, so a failure names the field. */
static void check_state_eq(const struct ticket_state *a, const struct ticket_state *b)
{
	CHECK(a->version == TICKET_FORMAT_VERSION);
	CHECK(id_eq(&a->idi, &b->idi));
	CHECK(id_eq(&a->idr, &b->idr));
	CHECK(a->auth_method == b->auth_method);
	CHECK(a->sa.encr == b->sa.encr);
	CHECK(a->sa.encr_key_bits == b->sa.encr_key_bits);
	CHECK(a->sa.prf == b->sa.prf);
	CHECK(a->sa.integ == b->sa.integ);
	CHECK(a->sa.dh == b->sa.dh);
	CHECK(secret_eq(secret_bytes(a->sk_d), secret_bytes(b->sk_d)));
	CHECK(memcmp(a->spi_i, b->spi_i, TICKET_SPI_LEN) == 0);
	CHECK(memcmp(a->spi_r, b->spi_r, TICKET_SPI_LEN) == 0);
	CHECK(a->expiry == b->expiry);
	CHECK(strcmp(a->name, b->name) == 0);
}

/* A failed unseal leaves nothing behind. */
static bool state_empty(const struct ticket_state *st)
{
	return st->sk_d.ptr == NULL && st->sk_d.len == 0 && st->expiry == 0 && st->name[0] == '\0';
}

static struct ticket_keys *ring_new(void)
{
	unit_nss_init();
	struct ticket_keys *ring = fixed_ring_new();
	CHECK(ring != NULL);
	return ring;
}

static struct chunk seal_sample(struct ticket_keys *ring, struct ticket_state *st)
{
	struct chunk t;
	sample_state(st, NOW + 3600);
	CHECK(ticket_seal(ring, st, NOW, &t) == TICKET_OK);
	return t;
}

static void test_round_trip(void)
{
	struct ticket_keys *ring = ring_new();
	struct ticket_state in, out;
	struct chunk t = seal_sample(ring, &in);
	CHECK(t.len == TICKET_HEADER_LEN + 119 + TICKET_TAG_LEN);
	CHECK(t.ptr[0] == TICKET_FORMAT_VERSION);
	CHECK(t.ptr[1] == 0 && t.ptr[2] == 0 && t.ptr[3] == 0);
	CHECK(memcmp(t.ptr + 4, fixed_key_id, TICKET_KEY_ID_LEN) == 0);
	CHECK(ticket_unseal(ring, chunk_bytes(t), NOW, &out) == TICKET_OK);
	check_state_eq(&out, &in);
	ticket_state_free(&out);
	ticket_state_free(&out);	/* twice is harmless */
	CHECK(out.sk_d.ptr == NULL);
	ticket_state_free(&in);
	chunk_free(&t);
	ticket_keys_free(&ring);
	CHECK(ring == NULL);
}

/* The largest and the smallest state both round-trip, at the bounds. */
static void test_round_trip_extremes(void)
{
	struct ticket_keys *ring = ring_new();
	struct ticket_state big, small, out;
	struct chunk t;
	sample_state(&big, NOW + 1);
	big.idi.len = TICKET_ID_MAX;
	big.idr.len = TICKET_ID_MAX;
	for (size_t i = 0; i < TICKET_ID_MAX; i++) {
		big.idi.body[i] = (uint8_t)i;
		big.idr.body[i] = (uint8_t)~i;
	}
	secret_free(&big.sk_d);
	big.sk_d = secret_alloc(TICKET_SK_D_MAX);
	memset(big.sk_d.ptr, 0xa5, big.sk_d.len);
	memset(big.name, 'n', TICKET_NAME_MAX);
	big.name[TICKET_NAME_MAX] = '\0';
	CHECK(ticket_seal(ring, &big, NOW, &t) == TICKET_OK);
	CHECK(t.len == TICKET_MAX_LEN);
	CHECK(ticket_unseal(ring, chunk_bytes(t), NOW, &out) == TICKET_OK);
	check_state_eq(&out, &big);
	ticket_state_free(&out);
	chunk_free(&t);

	sample_state(&small, NOW + FIXED_LIFETIME);	/* the longest lifetime allowed */
	small.idi.len = 0;
	small.idr.len = 0;
	secret_free(&small.sk_d);
	small.sk_d = secret_clone(BYTES("k", 1));
	snprintf(small.name, sizeof(small.name), "c");
	CHECK(ticket_seal(ring, &small, NOW, &t) == TICKET_OK);
	CHECK(t.len == TICKET_MIN_LEN);
	CHECK(ticket_unseal(ring, chunk_bytes(t), NOW, &out) == TICKET_OK);
	check_state_eq(&out, &small);
	ticket_state_free(&out);
	chunk_free(&t);
	ticket_state_free(&big);
	ticket_state_free(&small);
	ticket_keys_free(&ring);
}

/* Two seals of one state differ (fresh IV) and both unseal. */
static void test_iv_fresh_per_ticket(void)
{
	struct ticket_keys *ring = ring_new();
	struct ticket_state st, out;
	struct chunk a = seal_sample(ring, &st), b;
	CHECK(ticket_seal(ring, &st, NOW, &b) == TICKET_OK);
	CHECK(a.len == b.len);
	CHECK(memcmp(a.ptr + 12, b.ptr + 12, TICKET_IV_LEN) != 0);
	CHECK(!bytes_eq(chunk_bytes(a), chunk_bytes(b)));
	CHECK(ticket_unseal(ring, chunk_bytes(b), NOW, &out) == TICKET_OK);
	ticket_state_free(&out);
	CHECK(ticket_keys_current(ring)->seals == 2);
	chunk_free(&a);
	chunk_free(&b);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

/*
 * Every single-bit flip is refused, with the error of the field it hits:
 * the version byte first, then the key id, everything else by the tag
 * (the reserved bytes and the IV are authenticated as AAD).
 */
static void test_every_bit_flip_refused(void)
{
	struct ticket_keys *ring = ring_new();
	struct ticket_state st, out;
	struct chunk t = seal_sample(ring, &st);
	size_t refused = 0;
	for (size_t bit = 0; bit < 8 * t.len; bit++) {
		size_t byte = bit / 8;
		t.ptr[byte] ^= (uint8_t)(1u << (bit % 8));
		enum ticket_err err = ticket_unseal(ring, chunk_bytes(t), NOW, &out);
		/* one flip turns the id into the ring's other key: then the tag fails */
		bool other_key = ticket_keys_find(ring, t.ptr + 4) != NULL;
		t.ptr[byte] ^= (uint8_t)(1u << (bit % 8));
		enum ticket_err want = byte == 0 ? TICKET_ERR_BAD_VERSION :
			byte >= 4 && byte < 12 && !other_key ? TICKET_ERR_UNKNOWN_KEY :
			TICKET_ERR_AUTH_FAILED;
		if (err == want && state_empty(&out))
			refused++;
		else
			fprintf(stderr, "  bit %zu: %s\n", bit, ticket_err_name(err));
	}
	CHECK(refused == 8 * t.len);
	/* and the original still unseals */
	CHECK(ticket_unseal(ring, chunk_bytes(t), NOW, &out) == TICKET_OK);
	ticket_state_free(&out);
	chunk_free(&t);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

static void test_every_truncation_refused(void)
{
	struct ticket_keys *ring = ring_new();
	struct ticket_state st, out;
	struct chunk t = seal_sample(ring, &st);
	size_t refused = 0;
	for (size_t len = 0; len < t.len; len++) {
		enum ticket_err err = ticket_unseal(ring, BYTES(t.ptr, len), NOW, &out);
		enum ticket_err want = len < TICKET_MIN_LEN ? TICKET_ERR_TRUNCATED : TICKET_ERR_AUTH_FAILED;
		if (err == want && state_empty(&out))
			refused++;
		else
			fprintf(stderr, "  length %zu: %s\n", len, ticket_err_name(err));
	}
	CHECK(refused == t.len);
	/* dropping bytes from the front is no better */
	for (size_t cut = 1; cut < t.len; cut++)
		CHECK(ticket_unseal(ring, BYTES(t.ptr + cut, t.len - cut), NOW, &out) != TICKET_OK);
	/* one byte more */
	struct chunk longer = chunk_alloc(t.len + 1);
	memcpy(longer.ptr, t.ptr, t.len);
	CHECK(ticket_unseal(ring, chunk_bytes(longer), NOW, &out) == TICKET_ERR_AUTH_FAILED);
	chunk_free(&longer);
	/* anything longer than the largest ticket is refused before any crypto */
	struct chunk huge = chunk_alloc(TICKET_MAX_LEN + 1);
	memcpy(huge.ptr, t.ptr, TICKET_HEADER_LEN);
	CHECK(ticket_unseal(ring, chunk_bytes(huge), NOW, &out) == TICKET_ERR_OVERSIZE);
	chunk_free(&huge);
	CHECK(ticket_unseal(ring, EMPTY_BYTES, NOW, &out) == TICKET_ERR_TRUNCATED);
	chunk_free(&t);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

/*
 * Seals plaintext as ticket.c does but with any version byte, using NSS
 * directly: an authentic ticket the code under test did not make.
 */
static struct chunk seal_raw(uint8_t version, const uint8_t *key_id, const uint8_t *key,
			     struct bytes plain)
{
	uint8_t iv[TICKET_IV_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	struct chunk t = chunk_alloc(TICKET_HEADER_LEN + plain.len + TICKET_TAG_LEN);
	struct wire_out out = wire_out_buf(t.ptr, t.len);
	wire_put_u8(&out, version);
	wire_put_zeros(&out, TICKET_RESERVED_LEN);
	wire_put_bytes(&out, BYTES(key_id, TICKET_KEY_ID_LEN));
	wire_put_bytes(&out, BYTES(iv, sizeof(iv)));
	CK_GCM_PARAMS gcm = { .pIv = iv, .ulIvLen = sizeof(iv), .ulIvBits = 96,
			      .pAAD = t.ptr, .ulAADLen = TICKET_HEADER_LEN, .ulTagBits = 128 };
	SECItem param = { siBuffer, (unsigned char *)&gcm, sizeof(gcm) };
	SECItem keyitem = { siBuffer, (unsigned char *)key, TICKET_KEY_LEN };
	PK11SlotInfo *slot = PK11_GetBestSlot(CKM_AES_GCM, NULL);
	PK11SymKey *sym = PK11_ImportSymKey(slot, CKM_AES_GCM, PK11_OriginUnwrap, CKA_ENCRYPT,
					    &keyitem, NULL);
	unsigned outlen = 0;
	uint8_t sealed[TICKET_MAX_LEN];
	CHECK(sym != NULL && PK11_Encrypt(sym, CKM_AES_GCM, &param, sealed, &outlen, sizeof(sealed),
					  plain.ptr, (unsigned)plain.len) == SECSuccess);
	wire_put_bytes(&out, BYTES(sealed, outlen));
	CHECK(!out.overflow && out.len == t.len);
	if (sym != NULL)
		PK11_FreeSymKey(sym);
	PK11_FreeSlot(slot);
	return t;
}

static struct chunk encode_sample(uint64_t expiry)
{
	struct ticket_state st;
	uint8_t buf[TICKET_STATE_MAX_LEN];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	sample_state(&st, expiry);
	CHECK(ticket_state_encode(&st, &out));
	ticket_state_free(&st);
	return chunk_clone(wire_out_bytes(&out));
}

/* Authentic tickets of another format version: older and future. */
static void test_wrong_version_refused(void)
{
	struct ticket_keys *ring = ring_new();
	struct chunk plain = encode_sample(NOW + 60);
	static const uint8_t versions[] = { 0, 2, 3, 0x80, 0xff };
	struct ticket_state out;
	/* the harness itself: with version 1 it makes a good ticket */
	struct chunk good = seal_raw(TICKET_FORMAT_VERSION, fixed_key_id, fixed_key, chunk_bytes(plain));
	CHECK(ticket_unseal(ring, chunk_bytes(good), NOW, &out) == TICKET_OK);
	ticket_state_free(&out);
	chunk_free(&good);
	for (size_t i = 0; i < sizeof(versions); i++) {
		struct chunk t = seal_raw(versions[i], fixed_key_id, fixed_key, chunk_bytes(plain));
		CHECK(ticket_unseal(ring, chunk_bytes(t), NOW, &out) == TICKET_ERR_BAD_VERSION);
		CHECK(state_empty(&out));
		chunk_free(&t);
	}
	chunk_free(&plain);
	ticket_keys_free(&ring);
}

/* Authentic tickets whose plaintext is wrong: refused as malformed. */
static void test_authentic_malformed_state_refused(void)
{
	struct ticket_keys *ring = ring_new();
	struct chunk plain = encode_sample(NOW + 60);
	struct ticket_state out;
	for (size_t len = 0; len < plain.len; len++) {
		struct chunk t = seal_raw(1, fixed_key_id, fixed_key, BYTES(plain.ptr, len));
		enum ticket_err err = ticket_unseal(ring, chunk_bytes(t), NOW, &out);
		CHECK(err == (TICKET_HEADER_LEN + len + TICKET_TAG_LEN < TICKET_MIN_LEN ?
			      TICKET_ERR_TRUNCATED : TICKET_ERR_MALFORMED_STATE));
		CHECK(state_empty(&out));
		chunk_free(&t);
	}
	struct chunk longer = chunk_alloc(plain.len + 1);
	memcpy(longer.ptr, plain.ptr, plain.len);
	struct chunk t = seal_raw(1, fixed_key_id, fixed_key, chunk_bytes(longer));
	CHECK(ticket_unseal(ring, chunk_bytes(t), NOW, &out) == TICKET_ERR_MALFORMED_STATE);
	chunk_free(&t);
	chunk_free(&longer);
	chunk_free(&plain);
	ticket_keys_free(&ring);
}

static void test_unknown_key_refused(void)
{
	struct ticket_keys *ring = ring_new();
	struct ticket_state st, out;
	struct chunk t = seal_sample(ring, &st);
	/* a gateway with another key ring */
	struct ticket_keys *other = ticket_keys_new(FIXED_ROTATION, FIXED_LIFETIME);
	bool changed;
	CHECK(ticket_keys_rotate(other, NOW, &changed) == NULL && changed);
	CHECK(ticket_unseal(other, chunk_bytes(t), NOW, &out) == TICKET_ERR_UNKNOWN_KEY);
	CHECK(state_empty(&out));
	/* the same key id with other key material fails the tag */
	struct ticket_keys *impostor = ticket_keys_new(FIXED_ROTATION, FIXED_LIFETIME);
	uint8_t key[TICKET_KEY_LEN];
	memcpy(key, fixed_key, sizeof(key));
	key[31] ^= 1;
	CHECK(ticket_keys_add(impostor, fixed_key_id, BYTES(key, sizeof(key)), NOW - 10, NOW + 10) == NULL);
	CHECK(ticket_unseal(impostor, chunk_bytes(t), NOW, &out) == TICKET_ERR_AUTH_FAILED);
	/* a ticket under the previous (non-current) key of the fixed ring */
	struct chunk plain = encode_sample(NOW + 60);
	struct chunk old = seal_raw(1, fixed_old_key_id, fixed_old_key, chunk_bytes(plain));
	CHECK(ticket_unseal(ring, chunk_bytes(old), NOW, &out) == TICKET_OK);
	ticket_state_free(&out);
	CHECK(ticket_unseal(other, chunk_bytes(old), NOW, &out) == TICKET_ERR_UNKNOWN_KEY);
	chunk_free(&old);
	chunk_free(&plain);
	ticket_keys_free(&impostor);
	ticket_keys_free(&other);
	chunk_free(&t);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

/*
 * A ticket sealed under the previous key unseals after rotation; once the
 * previous key is dropped it is refused as an unknown key.
 */
static void test_rotation(void)
{
	unit_nss_init();
	const uint64_t rot = 1000, life = 300, t0 = 1800000000;
	struct ticket_keys *ring = ticket_keys_new(rot, life);
	struct ticket_state st, out;
	struct chunk old_ticket, new_ticket;
	bool changed;
	CHECK(ticket_keys_rotate(ring, t0, &changed) == NULL && changed);
	sample_state(&st, t0 + rot - 1 + life);
	CHECK(ticket_seal(ring, &st, t0 + rot - 1, &old_ticket) == TICKET_OK);

	CHECK(ticket_keys_rotate(ring, t0 + rot, &changed) == NULL && changed);
	CHECK(ticket_keys_count(ring) == 2);
	CHECK(ticket_unseal(ring, chunk_bytes(old_ticket), t0 + rot, &out) == TICKET_OK);
	check_state_eq(&out, &st);
	ticket_state_free(&out);
	st.expiry = t0 + rot + life;
	CHECK(ticket_seal(ring, &st, t0 + rot, &new_ticket) == TICKET_OK);
	CHECK(memcmp(new_ticket.ptr + 4, old_ticket.ptr + 4, TICKET_KEY_ID_LEN) != 0);

	/* still kept one second before its last ticket expires */
	CHECK(ticket_keys_rotate(ring, t0 + rot + life - 1, &changed) == NULL && !changed);
	CHECK(ticket_unseal(ring, chunk_bytes(old_ticket), t0 + rot + life - 2, &out) == TICKET_OK);
	ticket_state_free(&out);
	/* dropped when every ticket it sealed has expired */
	CHECK(ticket_keys_rotate(ring, t0 + rot + life, &changed) == NULL && changed);
	CHECK(ticket_keys_count(ring) == 1);
	CHECK(ticket_unseal(ring, chunk_bytes(old_ticket), t0 + rot, &out) == TICKET_ERR_UNKNOWN_KEY);
	CHECK(ticket_unseal(ring, chunk_bytes(new_ticket), t0 + rot + life - 1, &out) == TICKET_OK);
	ticket_state_free(&out);
	chunk_free(&old_ticket);
	chunk_free(&new_ticket);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

static void test_expired_refused(void)
{
	struct ticket_keys *ring = ring_new();
	struct ticket_state st, out;
	struct chunk t = seal_sample(ring, &st);
	CHECK(ticket_unseal(ring, chunk_bytes(t), st.expiry - 1, &out) == TICKET_OK);
	ticket_state_free(&out);
	CHECK(ticket_unseal(ring, chunk_bytes(t), st.expiry, &out) == TICKET_ERR_EXPIRED);
	CHECK(state_empty(&out));
	CHECK(ticket_unseal(ring, chunk_bytes(t), UINT64_MAX, &out) == TICKET_ERR_EXPIRED);
	CHECK(state_empty(&out));
	chunk_free(&t);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

/* What ticket_seal refuses to seal. */
static void test_seal_refusals(void)
{
	struct ticket_keys *ring = ring_new();
	struct ticket_state st;
	struct chunk t;
	sample_state(&st, NOW);
	CHECK(ticket_seal(ring, &st, NOW, &t) == TICKET_ERR_EXPIRED && t.ptr == NULL);
	st.expiry = NOW + FIXED_LIFETIME + 1;
	CHECK(ticket_seal(ring, &st, NOW, &t) == TICKET_ERR_LIFETIME && t.ptr == NULL);
	st.expiry = NOW + 60;

	struct ticket_keys *empty = ticket_keys_new(FIXED_ROTATION, FIXED_LIFETIME);
	CHECK(ticket_seal(empty, &st, NOW, &t) == TICKET_ERR_NO_KEY);
	ticket_keys_free(&empty);

	ticket_keys_current(ring)->seals = TICKET_KEY_MAX_SEALS;
	CHECK(ticket_seal(ring, &st, NOW, &t) == TICKET_ERR_KEY_EXHAUSTED);
	ticket_keys_current(ring)->seals = 0;

	/* invalid states, one field at a time */
	struct ticket_state bad = st;
	bad.idi.type = 0;
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	bad = st;
	bad.idr.len = TICKET_ID_MAX + 1;
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	bad = st;
	bad.auth_method = 0;
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	bad = st;
	bad.sa.encr = 0;
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	bad = st;
	bad.sa.prf = 0;
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	bad = st;
	bad.sk_d = (struct secret){ NULL, 0 };
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	bad = st;
	bad.sk_d.len = TICKET_SK_D_MAX + 1;	/* length checked before any read */
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	bad = st;
	bad.name[0] = '\0';
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	bad = st;
	memset(bad.name, 'x', sizeof(bad.name));	/* unterminated */
	CHECK(ticket_seal(ring, &bad, NOW, &t) == TICKET_ERR_MALFORMED_STATE);
	CHECK(t.ptr == NULL);
	CHECK(ticket_keys_current(ring)->seals == 0);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

/* The plaintext codec on its own: strict in every field. */
static void test_state_decode_strict(void)
{
	struct chunk plain = encode_sample(NOW + 60);
	struct ticket_state st;
	const char *why = NULL;
	CHECK(ticket_state_decode(chunk_bytes(plain), &st, &why));
	ticket_state_free(&st);
	for (size_t len = 0; len < plain.len; len++) {
		CHECK(!ticket_state_decode(BYTES(plain.ptr, len), &st, &why));
		CHECK(why != NULL && state_empty(&st));
	}
	struct chunk longer = chunk_alloc(plain.len + 1);
	memcpy(longer.ptr, plain.ptr, plain.len);
	CHECK(!ticket_state_decode(chunk_bytes(longer), &st, &why));
	CHECK(strcmp(why, "trailing bytes after the state") == 0);
	chunk_free(&longer);

	/*
	 * Offsets in the sample: IDi 0 (type, length, 16 bytes), IDr 19, auth
	 * 38, encr 39, key bits 41, prf 43, integ 45, dh 47, SK_d length 49
	 * (32 bytes), SPIi 82, SPIr 90, expiry 98, name length 106 (12 bytes).
	 */
	CHECK(plain.len == 119 && plain.ptr[106] == strlen("road-warrior"));
	static const struct {
		size_t off;
		uint8_t value;
		const char *why;	/* NULL: still valid */
	} mutations[] = {
		{ 0, 0, "ID type 0 is reserved" },
		{ 1, 0x02, "ID longer than the ticket allows" },	/* length 0x0210 */
		{ 1, 0xff, "ID longer than the ticket allows" },
		{ 2, 0xff, "truncated ID" },		/* IDi longer than what is left */
		{ 19, 0, "ID type 0 is reserved" },
		{ 20, 0x7f, "ID longer than the ticket allows" },
		{ 38, 0, "authentication method 0 is reserved" },
		{ 40, 0, "no encryption transform" },
		{ 41, 0, NULL },			/* key length 0: absent */
		{ 44, 0, "no PRF transform" },
		{ 46, 5, NULL },			/* integ not checked */
		{ 48, 0, NULL },			/* nor the DH group */
		{ 49, 0, "SK_d length out of range" },
		{ 49, 65, "SK_d length out of range" },
		{ 49, 64, "truncated SPIs or expiry" },
		{ 49, 31, "truncated connection name" },	/* expiry byte read as length */
		{ 82, 0, NULL },
		{ 106, 0, "trailing bytes after the state" },
		{ 106, 13, "truncated connection name" },
		{ 106, 11, "trailing bytes after the state" },
		{ 107, 0, "NUL in connection name" },
		{ 118, 0, "NUL in connection name" },
	};
	for (size_t i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		uint8_t saved = plain.ptr[mutations[i].off];
		plain.ptr[mutations[i].off] = mutations[i].value;
		why = NULL;
		bool ok = ticket_state_decode(chunk_bytes(plain), &st, &why);
		plain.ptr[mutations[i].off] = saved;
		if (mutations[i].why == NULL) {
			CHECK(ok);
			ticket_state_free(&st);
		} else if (ok || strcmp(why, mutations[i].why) != 0) {
			fprintf(stderr, "  offset %zu = %u: %s\n", mutations[i].off,
				mutations[i].value, ok ? "accepted" : why);
			CHECK(!"mutation gave another answer");
			ticket_state_free(&st);
		} else {
			CHECK(state_empty(&st));
		}
	}
	/* expiry 0 */
	struct chunk zero = chunk_clone(chunk_bytes(plain));
	memset(zero.ptr + 98, 0, 8);
	CHECK(!ticket_state_decode(chunk_bytes(zero), &st, &why));
	CHECK(strcmp(why, "no expiry time") == 0);
	chunk_free(&zero);
	chunk_free(&plain);
}

/* The encoder never writes past a short buffer. */
static void test_state_encode_overflow(void)
{
	struct ticket_state st;
	sample_state(&st, NOW + 60);
	uint8_t buf[TICKET_STATE_MAX_LEN];
	struct wire_out out = wire_out_buf(buf, 50);
	CHECK(!ticket_state_encode(&st, &out));
	out = wire_out_buf(buf, sizeof(buf));
	CHECK(ticket_state_encode(&st, &out));
	CHECK(out.len == 119);
	ticket_state_free(&st);
}

static void test_digest(void)
{
	unit_nss_init();
	uint8_t d[TICKET_DIGEST_LEN], e[TICKET_DIGEST_LEN];
	/* FIPS 180-2 "abc" */
	CHECK(ticket_digest(BYTES("abc", 3), d));
	CHECK_EQ_BYTES(BYTES(d, sizeof(d)),
		       unit_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	CHECK(ticket_digest(EMPTY_BYTES, e));
	CHECK_EQ_BYTES(BYTES(e, sizeof(e)),
		       unit_hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	struct ticket_keys *ring = ring_new();
	struct ticket_state st;
	struct chunk t = seal_sample(ring, &st);
	CHECK(ticket_digest(chunk_bytes(t), d));
	t.ptr[t.len - 1] ^= 1;
	CHECK(ticket_digest(chunk_bytes(t), e));
	CHECK(memcmp(d, e, sizeof(d)) != 0);
	chunk_free(&t);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

static void test_err_names(void)
{
	for (int i = TICKET_OK; i <= TICKET_ERR_CRYPTO; i++) {
		CHECK(strcmp(ticket_err_name((enum ticket_err)i), "unknown error") != 0);
		for (int j = TICKET_OK; j < i; j++)
			CHECK(strcmp(ticket_err_name((enum ticket_err)i),
				     ticket_err_name((enum ticket_err)j)) != 0);
	}
	CHECK(strcmp(ticket_err_name((enum ticket_err)99), "unknown error") == 0);
	CHECK(strcmp(ticket_err_name(TICKET_ERR_EXPIRED), "expired") == 0);
}

/* The fuzzer's seed is a valid ticket under its fixed ring and clock. */
static void test_fuzz_seed_is_valid(void)
{
	struct ticket_keys *ring = ring_new();
	FILE *f = fopen(SEED_TICKET, "rb");
	CHECK(f != NULL);
	if (f == NULL) {
		ticket_keys_free(&ring);
		return;
	}
	uint8_t buf[TICKET_MAX_LEN + 1];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	struct ticket_state st;
	CHECK(ticket_unseal(ring, BYTES(buf, n), FIXED_NOW, &st) == TICKET_OK);
	CHECK(strcmp(st.name, "fuzz-seed") == 0);
	ticket_state_free(&st);
	ticket_keys_free(&ring);
}

UNIT_MAIN(UNIT(test_round_trip), UNIT(test_round_trip_extremes), UNIT(test_iv_fresh_per_ticket),
	  UNIT(test_every_bit_flip_refused), UNIT(test_every_truncation_refused),
	  UNIT(test_wrong_version_refused), UNIT(test_authentic_malformed_state_refused),
	  UNIT(test_unknown_key_refused), UNIT(test_rotation), UNIT(test_expired_refused),
	  UNIT(test_seal_refusals), UNIT(test_state_decode_strict), UNIT(test_state_encode_overflow),
	  UNIT(test_digest), UNIT(test_err_names), UNIT(test_fuzz_seed_is_valid))
