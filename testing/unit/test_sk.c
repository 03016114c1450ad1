/*
 * SK payload protection (RFC 7296 §3.14, RFC 5282): round trips for every
 * cipher suite and many plaintext lengths, exact body lengths, every
 * single-bit flip of header, IV, ciphertext or ICV rejected, truncation
 * rejected, padding checked, and AES-CBC decryption against RFC 3602 §4.
 */
#include <stdio.h>

#include "ikev2_aead.h"
#include "ikev2_hmac.h"
#include "ikev2_random.h"
#include "ikev2_sk.h"
#include "unit.h"
#include "wire.h"

struct suite {
	uint16_t encr, bits, integ;
};

static const struct suite suites[] = {
	{ IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE },
	{ IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE },
	{ IKEV2_ENCR_AES_GCM_12, 256, IKEV2_INTEG_NONE },
	{ IKEV2_ENCR_AES_GCM_8, 128, IKEV2_INTEG_NONE },
	{ IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_256_128 },
	{ IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128 },
	{ IKEV2_ENCR_AES_CBC, 192, IKEV2_INTEG_HMAC_SHA2_384_192 },
	{ IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256 },
	{ IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96 },
};
#define NSUITES (sizeof(suites) / sizeof(suites[0]))

/* Sealer and opener for one direction, from the same random keys. */
struct pair {
	struct sk_cipher *seal, *open;
	char name[64];
};

static bool pair_new(const struct suite *s, struct pair *p)
{
	const struct encr_desc *encr = encr_by_id(s->encr);
	const struct integ_desc *integ = integ_by_id(s->integ);
	uint8_t sk_e[36], sk_a[64];
	size_t e_len = encr_keymat_len(encr, s->bits);
	CHECK(random_bytes(sk_e, e_len) && random_bytes(sk_a, integ->key_len));
	struct crypto_error err = { 0 };
	p->seal = sk_cipher_new(encr, integ, BYTES(sk_e, e_len), BYTES(sk_a, integ->key_len), &err);
	p->open = sk_cipher_new(encr, integ, BYTES(sk_e, e_len), BYTES(sk_a, integ->key_len), &err);
	snprintf(p->name, sizeof(p->name), "%s_%u/%s", encr->name, s->bits, integ->name);
	if (p->seal == NULL || p->open == NULL)
		fprintf(stderr, "  %s: %s\n", p->name, err.reason);
	return p->seal != NULL && p->open != NULL;
}

static void pair_free(struct pair *p)
{
	sk_cipher_free(&p->seal);
	sk_cipher_free(&p->open);
}

/*
 * A message the way the daemon builds one: a 28-octet IKE header and a
 * 4-octet SK payload header whose lengths cover the body, then the body.
 * Returns the message length; aad is the first 32 octets.
 */
#define AAD_LEN 32

static size_t build_message(struct sk_cipher *c, struct bytes plaintext, uint64_t counter,
			    uint8_t *buf, size_t cap)
{
	size_t body = sk_body_len(c, plaintext.len);
	struct wire_out out = wire_out_buf(buf, cap);
	wire_put_u64(&out, 0x1122334455667788ull);	/* SPIi */
	wire_put_u64(&out, 0x99aabbccddeeff00ull);	/* SPIr */
	wire_put_u8(&out, 46);			/* next payload: SK */
	wire_put_u8(&out, 0x20);		/* version 2.0 */
	wire_put_u8(&out, 35);			/* IKE_AUTH */
	wire_put_u8(&out, 0x08);		/* initiator */
	wire_put_u32(&out, 1);			/* message ID */
	wire_put_u32(&out, (uint32_t)(AAD_LEN + body));
	wire_put_u8(&out, 35);			/* first inner payload: IDi */
	wire_put_u8(&out, 0);
	wire_put_u16(&out, (uint16_t)(4 + body));
	CHECK(out.len == AAD_LEN);
	struct crypto_error err = { 0 };
	CHECK(sk_seal(c, wire_out_bytes(&out), plaintext, counter, &out, &err));
	CHECK(!out.overflow && out.len == AAD_LEN + body);
	return out.len;
}

static bool open_message(struct sk_cipher *c, const uint8_t *msg, size_t len,
			 struct chunk *plain, struct crypto_error *err)
{
	struct wire_in in = wire_in_bytes(BYTES(msg, len));
	struct bytes aad, body;
	if (!wire_get_bytes(&in, AAD_LEN, &aad))
		return false;
	body = wire_in_rest(&in);
	return sk_open(c, aad, body, plain, err);
}

static void test_round_trips(void)
{
	unit_nss_init();
	static const size_t lens[] = { 0, 1, 2, 14, 15, 16, 17, 31, 32, 33, 100, 255, 256, 1000, 4097 };
	static uint8_t pt[5000], msg[6000];
	CHECK(random_bytes(pt, sizeof(pt)));
	for (size_t s = 0; s < NSUITES; s++) {
		struct pair p;
		if (!pair_new(&suites[s], &p)) {
			pair_free(&p);
			continue;
		}
		const struct encr_desc *encr = encr_by_id(suites[s].encr);
		for (size_t l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
			size_t body = sk_body_len(p.seal, lens[l]);
			size_t overhead = encr->aead ? encr->iv_size + encr->icv_size + 1
						     : 16 + integ_by_id(suites[s].integ)->icv_len;
			CHECK(body >= lens[l] + overhead);
			if (!encr->aead)
				CHECK((body - overhead) % 16 == 0 && body - overhead - lens[l] <= 16);
			size_t n = build_message(p.seal, BYTES(pt, lens[l]), 1000 + l, msg, sizeof(msg));
			struct chunk plain = { 0 };
			struct crypto_error err = { 0 };
			CHECK(open_message(p.open, msg, n, &plain, &err));
			CHECK_EQ_BYTES(chunk_bytes(plain), BYTES(pt, lens[l]));
			chunk_free(&plain);
		}
		pair_free(&p);
	}
}

/* Every single-bit change anywhere in the protected message is caught. */
static void test_every_bit_flip_rejected(void)
{
	unit_nss_init();
	uint8_t pt[20], msg[200];
	CHECK(random_bytes(pt, sizeof(pt)));
	for (size_t s = 0; s < NSUITES; s++) {
		struct pair p;
		if (!pair_new(&suites[s], &p)) {
			pair_free(&p);
			continue;
		}
		size_t n = build_message(p.seal, BYTES(pt, sizeof(pt)), 7, msg, sizeof(msg));
		int accepted = 0;
		for (size_t bit = 0; bit < n * 8; bit++) {
			msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			struct chunk plain = { 0 };
			struct crypto_error err = { 0 };
			if (open_message(p.open, msg, n, &plain, &err))
				accepted++;
			else
				CHECK(err.status == CRYPTO_AUTH_FAILED && plain.ptr == NULL);
			chunk_free(&plain);
			msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
		CHECK(accepted == 0);
		struct chunk plain = { 0 };
		CHECK(open_message(p.open, msg, n, &plain, NULL));	/* restored: fine */
		chunk_free(&plain);
		pair_free(&p);
	}
}

static void test_truncated_and_extended(void)
{
	unit_nss_init();
	uint8_t pt[40], msg[300];
	CHECK(random_bytes(pt, sizeof(pt)));
	for (size_t s = 0; s < NSUITES; s++) {
		struct pair p;
		if (!pair_new(&suites[s], &p)) {
			pair_free(&p);
			continue;
		}
		size_t n = build_message(p.seal, BYTES(pt, sizeof(pt)), 9, msg, sizeof(msg));
		for (size_t len = AAD_LEN; len < n; len++) {
			struct chunk plain = { 0 };
			struct crypto_error err = { 0 };
			CHECK(!open_message(p.open, msg, len, &plain, &err));
			CHECK(err.status == CRYPTO_BAD_LENGTH || err.status == CRYPTO_AUTH_FAILED);
			CHECK(plain.ptr == NULL);
		}
		msg[n] = 0;
		struct crypto_error err = { 0 };
		struct chunk plain = { 0 };
		CHECK(!open_message(p.open, msg, n + 1, &plain, &err) && plain.ptr == NULL);
		/* the shortest body of all */
		CHECK(!sk_open(p.open, EMPTY_BYTES, EMPTY_BYTES, &plain, &err));
		CHECK(err.status == CRYPTO_BAD_LENGTH);
		pair_free(&p);
	}
}

static void test_iv_choice(void)
{
	unit_nss_init();
	uint8_t pt[16] = { 0 }, m1[200], m2[200], m3[200];
	for (size_t s = 0; s < NSUITES; s++) {
		struct pair p;
		if (!pair_new(&suites[s], &p)) {
			pair_free(&p);
			continue;
		}
		size_t n1 = build_message(p.seal, BYTES(pt, 16), 5, m1, sizeof(m1));
		size_t n2 = build_message(p.seal, BYTES(pt, 16), 5, m2, sizeof(m2));
		size_t n3 = build_message(p.seal, BYTES(pt, 16), 6, m3, sizeof(m3));
		CHECK(n1 == n2 && n2 == n3);
		if (encr_by_id(suites[s].encr)->aead) {
			/* GCM: the IV is the counter, big-endian; same counter, same output */
			struct wire_in in = wire_in_bytes(BYTES(m3 + AAD_LEN, 8));
			uint64_t iv = 0;
			CHECK(wire_get_u64(&in, &iv) && iv == 6);
			CHECK(bytes_eq(BYTES(m1, n1), BYTES(m2, n2)));
			CHECK(!bytes_eq(BYTES(m1, n1), BYTES(m3, n3)));
		} else {
			/* CBC: a fresh random IV every time */
			CHECK(!bytes_eq(BYTES(m1 + AAD_LEN, 16), BYTES(m2 + AAD_LEN, 16)));
		}
		pair_free(&p);
	}
}

static void test_no_room(void)
{
	unit_nss_init();
	struct pair p;
	if (pair_new(&suites[0], &p)) {
		uint8_t buf[64];
		struct wire_out out = wire_out_buf(buf, sizeof(buf));
		wire_put_zeros(&out, 30);
		struct crypto_error err = { 0 };
		CHECK(!sk_seal(p.seal, wire_out_bytes(&out), BYTES(buf, 10), 1, &out, &err));
		CHECK(err.status == CRYPTO_BAD_REQUEST && out.len == 30 && !out.overflow);
	}
	pair_free(&p);
}

static void test_cipher_setup_checks(void)
{
	unit_nss_init();
	uint8_t k[64] = { 0 };
	struct crypto_error err = { 0 };
	const struct encr_desc *gcm = encr_by_id(IKEV2_ENCR_AES_GCM_16);
	const struct encr_desc *cbc = encr_by_id(IKEV2_ENCR_AES_CBC);
	const struct integ_desc *none = integ_by_id(IKEV2_INTEG_NONE);
	const struct integ_desc *sha256 = integ_by_id(IKEV2_INTEG_HMAC_SHA2_256_128);
	CHECK(sk_cipher_new(gcm, sha256, BYTES(k, 36), BYTES(k, 32), &err) == NULL);
	CHECK(sk_cipher_new(cbc, none, BYTES(k, 32), EMPTY_BYTES, &err) == NULL);
	CHECK(err.status == CRYPTO_UNSUPPORTED);
	CHECK(sk_cipher_new(gcm, none, BYTES(k, 33), EMPTY_BYTES, &err) == NULL);	/* 29-octet key */
	CHECK(sk_cipher_new(gcm, none, BYTES(k, 4), EMPTY_BYTES, &err) == NULL);
	CHECK(sk_cipher_new(cbc, sha256, BYTES(k, 20), BYTES(k, 32), &err) == NULL);
	CHECK(sk_cipher_new(cbc, sha256, BYTES(k, 32), BYTES(k, 20), &err) == NULL);
	CHECK(sk_cipher_new(NULL, none, BYTES(k, 36), EMPTY_BYTES, &err) == NULL);
	struct sk_cipher *c = sk_cipher_new(gcm, none, BYTES(k, 36), EMPTY_BYTES, &err);
	CHECK(c != NULL);
	CHECK(sk_body_len(c, 0) == 8 + 1 + 16);
	sk_cipher_free(&c);
	CHECK(c == NULL);
	sk_cipher_free(&c);
}

/* GCM: authentic ciphertext whose last octet claims too much padding. */
static void test_gcm_bad_pad_length(void)
{
	unit_nss_init();
	uint8_t sk_e[20];
	CHECK(random_bytes(sk_e, sizeof(sk_e)));
	struct sk_cipher *c = sk_cipher_new(encr_by_id(IKEV2_ENCR_AES_GCM_16),
					    integ_by_id(IKEV2_INTEG_NONE), BYTES(sk_e, 20),
					    EMPTY_BYTES, NULL);
	struct aead_key *k = aead_gcm_key_new(BYTES(sk_e, 16), 16, NULL);
	CHECK(c != NULL && k != NULL);
	uint8_t nonce[12], body[8 + 4 + 16];
	memcpy(nonce, sk_e + 16, 4);
	memset(nonce + 4, 0, 8);
	const uint8_t padded[4] = { 'a', 'b', 'c', 4 };	/* pad length 4 + itself > 4 */
	memset(body, 0, 8);
	CHECK(aead_seal(k, BYTES(nonce, 12), BYTES("hdr", 3), BYTES(padded, 4), body + 8,
			body + 12, NULL));
	struct chunk plain = { 0 };
	struct crypto_error err = { 0 };
	CHECK(!sk_open(c, BYTES("hdr", 3), BYTES(body, sizeof(body)), &plain, &err));
	CHECK(err.status == CRYPTO_BAD_PADDING && plain.ptr == NULL);
	const uint8_t fine[4] = { 'a', 'b', 'c', 2 };	/* "a" + 2 padding + length */
	CHECK(aead_seal(k, BYTES(nonce, 12), BYTES("hdr", 3), BYTES(fine, 4), body + 8,
			body + 12, NULL));
	CHECK(sk_open(c, BYTES("hdr", 3), BYTES(body, sizeof(body)), &plain, &err));
	CHECK_EQ_BYTES(chunk_bytes(plain), BYTES("a", 1));
	chunk_free(&plain);
	aead_key_free(&k);
	sk_cipher_free(&c);
}

/*
 * RFC 3602 §4 cases 1-4 as SK bodies: IV | ciphertext | ICV, the ICV made
 * with the (separately verified) HMAC.  The decrypted text's last octet
 * is read as the pad length, so cases 1 and 4 must fail as bad padding,
 * case 2 leaves nothing and case 3 leaves "This i".
 */
static void test_rfc3602_cbc_through_sk_open(void)
{
	unit_nss_init();
	static const struct {
		const char *key, *iv, *ct;
		const char *plain;	/* NULL: bad padding */
	} cases[] = {
		{ "06a9214036b8a15b512e03d534120006", "3dafba429d9eb430b422da802c9fac41",
		  "e353779c1079aeb82708942dbe77181a", NULL },
		{ "c286696d887c9aa0611bbb3e2025a45a", "562e17996d093d28ddb3ba695a2e6f58",
		  "d296cd94c2cccf8a3a863028b5e1dc0a7586602d253cfff91b8266bea6d61ab1", "" },
		{ "6c3ea0477630ce21a2ce334aa746c2cd", "c782dc4c098c66cbd9cd27d825682c81",
		  "d0a02b3836451753d493665d33f0e8862dea54cdb293abc7506939276772f8d5"
		  "021c19216bad525c8579695d83ba2684", "This i" },
		{ "56e47a38c5598974bc46903dba290349", "8ce82eefbea0da3c44699ed7db51b7d9",
		  "c30e32ffedc0774e6aff6af0869f71aa0f3af07a9a31a9c684db207eb0ef8e4e"
		  "35907aa632c3ffdf868bb7b29d3d46ad83ce9f9a102ee99d49a53e87f4c3da55", NULL },
	};
	const struct integ_desc *integ = integ_by_id(IKEV2_INTEG_HMAC_SHA2_256_128);
	uint8_t sk_a[32];
	CHECK(random_bytes(sk_a, sizeof(sk_a)));
	struct bytes aad = BYTES("IKE header and SK header", 24);
	for (size_t i = 0; i < 4; i++) {
		struct bytes iv = unit_hex(cases[i].iv), ct = unit_hex(cases[i].ct);
		struct sk_cipher *c = sk_cipher_new(encr_by_id(IKEV2_ENCR_AES_CBC), integ,
						    unit_hex(cases[i].key), BYTES(sk_a, 32), NULL);
		struct hmac_key *mac = hmac_key_new(integ->hash, BYTES(sk_a, 32), NULL);
		CHECK(c != NULL && mac != NULL);
		uint8_t body[16 + 64 + 16];
		struct wire_out w = wire_out_buf(body, sizeof(body));
		wire_put_bytes(&w, iv);
		wire_put_bytes(&w, ct);
		const struct bytes parts[] = { aad, iv, ct };
		uint8_t icv[16];
		CHECK(hmac_sign(mac, parts, 3, icv, 16, NULL));
		wire_put_bytes(&w, BYTES(icv, 16));
		struct chunk plain = { 0 };
		struct crypto_error err = { 0 };
		bool ok = sk_open(c, aad, wire_out_bytes(&w), &plain, &err);
		if (cases[i].plain == NULL) {
			CHECK(!ok && err.status == CRYPTO_BAD_PADDING && plain.ptr == NULL);
		} else {
			CHECK(ok);
			CHECK_EQ_BYTES(chunk_bytes(plain), BYTES(cases[i].plain, strlen(cases[i].plain)));
		}
		chunk_free(&plain);
		hmac_key_free(&mac);
		sk_cipher_free(&c);
	}
}

UNIT_MAIN(UNIT(test_round_trips), UNIT(test_every_bit_flip_rejected),
	  UNIT(test_truncated_and_extended), UNIT(test_iv_choice), UNIT(test_no_room),
	  UNIT(test_cipher_setup_checks), UNIT(test_gcm_bad_pad_length),
	  UNIT(test_rfc3602_cbc_through_sk_open))
