/*
 * The transform tables: IANA numbers (iana-ikev2-numbers.md), sizes,
 * lookups by id and by proposal-string name, and printing.
 */
#include <stdio.h>

#include "ikev2_algs.h"
#include "unit.h"

static void test_ids_and_sizes(void)
{
	CHECK(IKEV2_TRANS_ENCR == 1 && IKEV2_TRANS_PRF == 2 && IKEV2_TRANS_INTEG == 3 &&
	      IKEV2_TRANS_DH == 4 && IKEV2_TRANS_ESN == 5);

	const struct encr_desc *cbc = encr_by_id(12), *gcm = encr_by_id(20);
	CHECK(cbc != NULL && !cbc->aead && cbc->block_size == 16 && cbc->iv_size == 16);
	CHECK(gcm != NULL && gcm->aead && gcm->iv_size == 8 && gcm->salt_size == 4 &&
	      gcm->icv_size == 16);
	CHECK(encr_by_id(18)->icv_size == 8 && encr_by_id(19)->icv_size == 12);
	CHECK(encr_by_id(3) == NULL && encr_by_id(28) == NULL);
	CHECK(encr_key_bits_ok(cbc, 128) && encr_key_bits_ok(cbc, 192) && encr_key_bits_ok(cbc, 256));
	CHECK(!encr_key_bits_ok(cbc, 64) && encr_key_bits_ok(gcm, 128) && encr_key_bits_ok(gcm, 256));
	CHECK(!encr_key_bits_ok(gcm, 192));
	CHECK(encr_keymat_len(gcm, 256) == 36 && encr_keymat_len(cbc, 128) == 16);

	static const struct { uint16_t id; size_t len; } prfs[] = {
		{ 2, 20 }, { 5, 32 }, { 6, 48 }, { 7, 64 },
	};
	for (size_t i = 0; i < 4; i++) {
		const struct prf_desc *p = prf_by_id(prfs[i].id);
		CHECK(p != NULL && p->out_len == prfs[i].len && ikev2_hash_len(p->hash) == p->out_len);
	}
	CHECK(prf_by_id(1) == NULL && prf_by_id(4) == NULL);

	static const struct { uint16_t id; size_t key, icv; } integs[] = {
		{ 0, 0, 0 }, { 2, 20, 12 }, { 12, 32, 16 }, { 13, 48, 24 }, { 14, 64, 32 },
	};
	for (size_t i = 0; i < 5; i++) {
		const struct integ_desc *d = integ_by_id(integs[i].id);
		CHECK(d != NULL && d->key_len == integs[i].key && d->icv_len == integs[i].icv);
	}
	CHECK(integ_by_id(1) == NULL && integ_by_id(5) == NULL);

	static const struct { uint16_t id; enum dh_kind kind; size_t ke, secret; } dhs[] = {
		{ 14, DH_KIND_MODP, 256, 256 }, { 19, DH_KIND_ECP, 64, 32 },
		{ 20, DH_KIND_ECP, 96, 48 }, { 21, DH_KIND_ECP, 132, 66 },
		{ 31, DH_KIND_X25519, 32, 32 },
	};
	for (size_t i = 0; i < 5; i++) {
		const struct dh_desc *d = dh_by_id(dhs[i].id);
		CHECK(d != NULL && d->kind == dhs[i].kind && d->ke_len == dhs[i].ke &&
		      d->secret_len == dhs[i].secret);
	}
	CHECK(dh_by_id(0) == NULL && dh_by_id(2) == NULL && dh_by_id(32) == NULL);
}

static void test_encr_names(void)
{
	static const struct {
		const char *name;
		uint16_t id;
		unsigned bits;
	} ok[] = {
		{ "aes", 12, 0 }, { "aes_cbc", 12, 0 }, { "aes128", 12, 128 }, { "aes256", 12, 256 },
		{ "AES_CBC_192", 12, 192 }, { "aes_cbc256", 12, 256 },
		{ "aes_gcm", 20, 0 }, { "aes_gcm256", 20, 256 }, { "aes_gcm_128", 20, 128 },
		{ "aes_gcm_16", 20, 0 }, { "aes_gcm_16_256", 20, 256 }, { "aes_gcm_c", 20, 0 },
		{ "aes_gcm_8", 18, 0 }, { "aes_gcm_a128", 18, 128 }, { "aes_gcm_12", 19, 0 },
		{ "aes_gcm_b_256", 19, 256 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		unsigned bits = 99;
		const struct encr_desc *e = encr_by_name(ok[i].name, &bits);
		CHECK(e != NULL && e->id == ok[i].id && bits == ok[i].bits);
		if (e == NULL || e->id != ok[i].id || bits != ok[i].bits)
			fprintf(stderr, "  encr name %s\n", ok[i].name);
	}
	static const char *const bad[] = { "", "aes64", "aes_gcm_512", "3des", "aes_", "aes_xyz",
					   "aes_gcm_16_", "aes1280", "256", "aes_gcm192",
					   "a_name_much_longer_than_any_alias_in_the_table_128" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		unsigned bits = 99;
		CHECK(encr_by_name(bad[i], &bits) == NULL && bits == 0);
	}
}

static void test_hash_and_dh_names(void)
{
	CHECK(prf_by_name("sha2_256")->id == 5 && prf_by_name("sha256")->id == 5);
	CHECK(prf_by_name("sha2")->id == 5 && prf_by_name("SHA2_384")->id == 6);
	CHECK(prf_by_name("sha2_512")->id == 7 && prf_by_name("sha1")->id == 2);
	CHECK(prf_by_name("md5") == NULL && prf_by_name("none") == NULL);
	CHECK(integ_by_name("sha2_256")->id == 12 && integ_by_name("sha2_384")->id == 13);
	CHECK(integ_by_name("sha2_512")->id == 14 && integ_by_name("sha1")->id == 2);
	CHECK(integ_by_name("none")->id == 0 && integ_by_name("md5") == NULL);

	static const struct { const char *name; uint16_t id; } dh[] = {
		{ "dh14", 14 }, { "modp2048", 14 }, { "dh19", 19 }, { "ecp256", 19 },
		{ "dh20", 20 }, { "ecp384", 20 }, { "dh21", 21 }, { "ecp521", 21 },
		{ "dh31", 31 }, { "curve25519", 31 }, { "x25519", 31 }, { "DH19", 19 },
	};
	for (size_t i = 0; i < sizeof(dh) / sizeof(dh[0]); i++)
		CHECK(dh_by_name(dh[i].name) != NULL && dh_by_name(dh[i].name)->id == dh[i].id);
	CHECK(dh_by_name("dh2") == NULL && dh_by_name("modp1024") == NULL && dh_by_name("") == NULL);
}

static void test_printing(void)
{
	char buf[40];
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_ENCR, 20, 256),
		     "AES_GCM_16_256") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_ENCR, 12, 0), "AES_CBC") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_PRF, 7, 0),
		     "HMAC_SHA2_512") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_INTEG, 12, 0),
		     "HMAC_SHA2_256_128") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_INTEG, 0, 0), "NONE") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_DH, 14, 0), "MODP2048") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_DH, 31, 0), "DH31") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_DH, 0, 0), "NONE") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_ESN, 1, 0), "ESN") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_ESN, 0, 0), "NO_ESN") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), IKEV2_TRANS_ENCR, 3, 0), "ENCR_3") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, sizeof(buf), 9, 1, 0), "TRANS_1") == 0);
	CHECK(strcmp(ikev2_transform_str(buf, 6, IKEV2_TRANS_PRF, 5, 0), "HMAC_") == 0);
	CHECK(strcmp(ikev2_trans_type_name(IKEV2_TRANS_DH), "DH") == 0);
	/* every printed name of a supported transform parses back */
	unsigned bits;
	CHECK(encr_by_id(20) == encr_by_name("aes_gcm_16_256", &bits) && bits == 256);
}

UNIT_MAIN(UNIT(test_ids_and_sizes), UNIT(test_encr_names), UNIT(test_hash_and_dh_names),
	  UNIT(test_printing))
