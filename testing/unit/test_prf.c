/*
 * The IKEv2 PRFs: RFC 4868 §2.7.1 known answers for PRF_HMAC_SHA2_*,
 * and the shape and limits of prf+ (RFC 7296 §2.13).
 */
#include "ikev2_prf.h"
#include "unit.h"
#include "vectors.h"

static void test_rfc4868_prf(void)
{
	unit_nss_init();
	static const char *const labels[] = { "Key", "Data", "PRF-HMAC-SHA-256",
					      "PRF-HMAC-SHA-384", "PRF-HMAC-SHA-512", NULL };
	static const struct {
		const char *label;
		uint16_t prf;
	} prfs[] = {
		{ "PRF-HMAC-SHA-256", IKEV2_PRF_HMAC_SHA2_256 },
		{ "PRF-HMAC-SHA-384", IKEV2_PRF_HMAC_SHA2_384 },
		{ "PRF-HMAC-SHA-512", IKEV2_PRF_HMAC_SHA2_512 },
	};
	struct rfc_case cases[RFC_MAX_CASES];
	size_t n = rfc_read_cases("rfc4868.txt", "Test Case", labels, cases, RFC_MAX_CASES);
	int checked = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(cases[i].title, "PRF-", 4) != 0)
			continue;	/* §2.7.2 cases are integrity tests (test_hmac) */
		for (size_t p = 0; p < 3; p++) {
			const struct prf_desc *prf = prf_by_id(prfs[p].prf);
			struct bytes want = rfc_get(&cases[i], prfs[p].label);
			struct secret out = { 0 };
			CHECK(want.len == prf->out_len);
			CHECK(prf_compute(prf, rfc_get(&cases[i], "Key"), rfc_get(&cases[i], "Data"),
					  &out, NULL));
			CHECK_EQ_BYTES(secret_bytes(out), want);
			secret_free(&out);
			checked++;
		}
	}
	CHECK(checked == 18);	/* PRF-1 .. PRF-6, three PRFs each */
	rfc_free_cases(cases, n);
}

/* prf+ blocks chain as T1 = prf(K, S|1), T2 = prf(K, T1|S|2), ... */
static void test_prf_plus_structure(void)
{
	unit_nss_init();
	const struct prf_desc *prf = prf_by_id(IKEV2_PRF_HMAC_SHA2_256);
	struct bytes key = unit_hex("000102030405060708090a0b0c0d0e0f");
	struct bytes s1 = unit_hex("aabbcc"), s2 = unit_hex("ddeeff00");
	const struct bytes seed[] = { s1, s2 };
	struct secret stream = { 0 };
	CHECK(prf_plus(prf, key, seed, 2, 70, &stream, NULL));	/* 2 blocks + 6 octets */
	CHECK(stream.len == 70);

	uint8_t one = 1, two = 2, three = 3;
	struct secret t1, t2, t3;
	const struct bytes p1[] = { s1, s2, BYTES(&one, 1) };
	CHECK(prf_compute_v(prf, key, p1, 3, &t1, NULL));
	const struct bytes p2[] = { secret_bytes(t1), s1, s2, BYTES(&two, 1) };
	CHECK(prf_compute_v(prf, key, p2, 4, &t2, NULL));
	const struct bytes p3[] = { secret_bytes(t2), s1, s2, BYTES(&three, 1) };
	CHECK(prf_compute_v(prf, key, p3, 4, &t3, NULL));
	CHECK_EQ_BYTES(BYTES(stream.ptr, 32), secret_bytes(t1));
	CHECK_EQ_BYTES(BYTES(stream.ptr + 32, 32), secret_bytes(t2));
	CHECK_EQ_BYTES(BYTES(stream.ptr + 64, 6), BYTES(t3.ptr, 6));

	/* a shorter request is a prefix of a longer one */
	struct secret shorter;
	CHECK(prf_plus(prf, key, seed, 2, 33, &shorter, NULL));
	CHECK_EQ_BYTES(secret_bytes(shorter), BYTES(stream.ptr, 33));
	secret_free(&shorter);
	secret_free(&t1);
	secret_free(&t2);
	secret_free(&t3);
	secret_free(&stream);
}

/* The counter octet stops at 0xff: at most 255 blocks. */
static void test_prf_plus_limit(void)
{
	unit_nss_init();
	for (uint16_t id = IKEV2_PRF_HMAC_SHA1; id <= IKEV2_PRF_HMAC_SHA2_512; id++) {
		const struct prf_desc *prf = prf_by_id(id);
		if (prf == NULL)
			continue;
		struct bytes key = unit_hex("0102");
		struct bytes seed = unit_hex("03");
		struct secret out = { 0 };
		size_t max = PRF_PLUS_MAX_BLOCKS * prf->out_len;
		CHECK(prf_plus(prf, key, &seed, 1, max, &out, NULL) && out.len == max);
		secret_free(&out);
		struct crypto_error err = { 0 };
		CHECK(!prf_plus(prf, key, &seed, 1, max + 1, &out, &err));
		CHECK(err.status == CRYPTO_BAD_REQUEST && out.ptr == NULL);
		CHECK(prf_plus(prf, key, &seed, 1, 0, &out, NULL) && out.len == 0);
		secret_free(&out);
	}
}

UNIT_MAIN(UNIT(test_rfc4868_prf), UNIT(test_prf_plus_structure), UNIT(test_prf_plus_limit))
