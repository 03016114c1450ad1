/*
 * The IKEv2 key schedule against NIST CAVS 17.3 SP 800-135 IKEv2 KDF
 * answers (vectors/cavs-ikev2-kdf.fax, all 900 cases): SKEYSEED, the
 * prf+ stream (DKM) and the seven keys sliced from it, Child SA KEYMAT
 * with and without PFS, and the rekey SKEYSEED.  The mapping of the file
 * onto RFC 7296 is in vectors/README.md.
 */
#include "ikev2_keys.h"
#include "ikev2_prf.h"
#include "unit.h"
#include "vectors.h"

static const struct prf_desc *record_prf(const struct fax_record *rec)
{
	if (fax_get(rec, "SHA-1") != NULL)
		return prf_by_id(IKEV2_PRF_HMAC_SHA1);
	if (fax_get(rec, "SHA-256") != NULL)
		return prf_by_id(IKEV2_PRF_HMAC_SHA2_256);
	if (fax_get(rec, "SHA-384") != NULL)
		return prf_by_id(IKEV2_PRF_HMAC_SHA2_384);
	if (fax_get(rec, "SHA-512") != NULL)
		return prf_by_id(IKEV2_PRF_HMAC_SHA2_512);
	return NULL;
}

/* IKE SA suites whose key material is checked against DKM prefixes. */
static const struct {
	uint16_t encr, bits, integ;
} suites[] = {
	{ IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96 },
	{ IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE },
	{ IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE },
	{ IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128 },
	{ IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256 },
};

/* The seven keys are consecutive slices of the DKM, in RFC order. */
static int check_ike_keys(const struct prf_desc *prf, struct bytes skeyseed, struct bytes dkm,
			  struct bytes ni, struct bytes nr, struct bytes spii, struct bytes spir)
{
	int checked = 0;
	for (size_t i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		struct ike_algs algs = {
			.encr = encr_by_id(suites[i].encr), .encr_key_bits = suites[i].bits,
			.prf = prf, .integ = integ_by_id(suites[i].integ),
		};
		size_t len = ike_keymat_len(&algs);
		if (len > dkm.len)
			continue;
		struct ike_keys k;
		CHECK(ike_keys_derive(&algs, skeyseed, ni, nr, spii, spir, &k, NULL));
		const struct secret *order[] = { &k.sk_d, &k.sk_ai, &k.sk_ar, &k.sk_ei,
						 &k.sk_er, &k.sk_pi, &k.sk_pr };
		size_t off = 0;
		for (size_t j = 0; j < 7; j++) {
			CHECK(off + order[j]->len <= dkm.len);
			if (off + order[j]->len <= dkm.len)
				CHECK_EQ_BYTES(secret_bytes(*order[j]),
					       BYTES(dkm.ptr + off, order[j]->len));
			off += order[j]->len;
		}
		CHECK(off == len);
		CHECK(k.sk_d.len == prf->out_len && k.sk_pr.len == prf->out_len);
		CHECK(k.sk_ei.len == (size_t)suites[i].bits / 8 + (algs.encr->aead ? 4u : 0u));
		CHECK(k.sk_ai.len == algs.integ->key_len);
		ike_keys_free(&k);
		CHECK(k.sk_d.ptr == NULL && k.sk_pr.ptr == NULL && k.sk_ei.len == 0);
		checked++;
	}
	return checked;
}

static void check_record(struct fax_reader *r, const struct fax_record *rec, int *suites_checked)
{
	const struct prf_desc *prf = record_prf(rec);
	CHECK(prf != NULL);
	if (prf == NULL)
		return;
	struct bytes ni = fax_hex(r, rec, "Ni"), nr = fax_hex(r, rec, "Nr");
	struct bytes gir = fax_hex(r, rec, "g^ir"), gir_new = fax_hex(r, rec, "g^ir (new)");
	struct bytes spii = fax_hex(r, rec, "SPIi"), spir = fax_hex(r, rec, "SPIr");
	struct bytes want_dkm = fax_hex(r, rec, "DKM");
	CHECK((long)want_dkm.len * 8 == fax_num(rec, "DKM length"));
	CHECK((long)gir.len * 8 == fax_num(rec, "g^ir length"));

	struct secret skeyseed = { 0 }, dkm = { 0 }, child = { 0 }, child_dh = { 0 }, rekey = { 0 };
	CHECK(ikev2_skeyseed(prf, ni, nr, gir, &skeyseed, NULL));
	CHECK_EQ_BYTES(secret_bytes(skeyseed), fax_hex(r, rec, "SKEYSEED"));

	const struct bytes seed[] = { ni, nr, spii, spir };
	CHECK(prf_plus(prf, secret_bytes(skeyseed), seed, 4, want_dkm.len, &dkm, NULL));
	CHECK_EQ_BYTES(secret_bytes(dkm), want_dkm);
	*suites_checked += check_ike_keys(prf, secret_bytes(skeyseed), want_dkm, ni, nr, spii, spir);

	struct bytes sk_d = BYTES(want_dkm.ptr, prf->out_len);
	struct bytes want_child = fax_hex(r, rec, "DKM(Child SA)");
	CHECK((long)want_child.len * 8 == fax_num(rec, "Child SA DKM length"));
	CHECK(child_keymat(prf, sk_d, EMPTY_BYTES, ni, nr, want_child.len, &child, NULL));
	CHECK_EQ_BYTES(secret_bytes(child), want_child);

	struct bytes want_child_dh = fax_hex(r, rec, "DKM(Child SA D-H)");
	CHECK(child_keymat(prf, sk_d, gir_new, ni, nr, want_child_dh.len, &child_dh, NULL));
	CHECK_EQ_BYTES(secret_bytes(child_dh), want_child_dh);

	CHECK(ikev2_skeyseed_rekey(prf, sk_d, gir_new, ni, nr, &rekey, NULL));
	CHECK_EQ_BYTES(secret_bytes(rekey), fax_hex(r, rec, "SKEYSEED(Rekey)"));

	secret_free(&skeyseed);
	secret_free(&dkm);
	secret_free(&child);
	secret_free(&child_dh);
	secret_free(&rekey);
}

static void test_cavs_ikev2_kdf(void)
{
	unit_nss_init();
	struct fax_reader r;
	CHECK(fax_open(&r, "vectors/cavs-ikev2-kdf.fax"));
	struct fax_record rec;
	int total = 0, groups = 0, suites_checked = 0;
	const char *last_group = NULL;
	while (fax_next(&r, &rec)) {
		/* a group is a distinct set of [..] lines: count changes of hash/sizes */
		char key[128];
		snprintf(key, sizeof(key), "%s/%ld/%ld/%ld", record_prf(&rec) ? record_prf(&rec)->name : "?",
			 fax_num(&rec, "g^ir length"), fax_num(&rec, "Ni length"),
			 fax_num(&rec, "DKM length"));
		if (last_group == NULL || strcmp(last_group, key) != 0) {
			groups++;
			free((void *)last_group);
			last_group = xstrdup(key);
		}
		check_record(&r, &rec, &suites_checked);
		total++;
	}
	free((void *)last_group);
	fax_close(&r);
	CHECK(total == 900);
	CHECK(groups == 9);
	CHECK(suites_checked > 900);
	printf("     %d CAVS IKEv2 KDF cases in %d groups, %d IKE key sets\n", total, groups,
	       suites_checked);
}

/* Misuse is refused before any derivation. */
static void test_ike_keys_refuses_bad_suites(void)
{
	unit_nss_init();
	struct bytes x = unit_hex("0011223344556677");
	struct ike_keys k;
	struct crypto_error err = { 0 };
	struct ike_algs gcm_with_integ = {
		.encr = encr_by_id(IKEV2_ENCR_AES_GCM_16), .encr_key_bits = 256,
		.prf = prf_by_id(IKEV2_PRF_HMAC_SHA2_256),
		.integ = integ_by_id(IKEV2_INTEG_HMAC_SHA2_256_128),
	};
	CHECK(!ike_keys_derive(&gcm_with_integ, x, x, x, x, x, &k, &err));
	CHECK(err.status == CRYPTO_BAD_REQUEST && k.sk_d.ptr == NULL);
	struct ike_algs cbc_without_integ = gcm_with_integ;
	cbc_without_integ.encr = encr_by_id(IKEV2_ENCR_AES_CBC);
	cbc_without_integ.integ = integ_by_id(IKEV2_INTEG_NONE);
	CHECK(!ike_keys_derive(&cbc_without_integ, x, x, x, x, x, &k, &err));
	struct ike_algs bad_bits = gcm_with_integ;
	bad_bits.integ = integ_by_id(IKEV2_INTEG_NONE);
	bad_bits.encr_key_bits = 100;
	CHECK(!ike_keys_derive(&bad_bits, x, x, x, x, x, &k, &err));
	CHECK(err.status == CRYPTO_UNSUPPORTED);
	ike_keys_free(&k);	/* harmless on the emptied struct */
}

static void test_child_keymat_len(void)
{
	/* AES-GCM-256 ESP: 2 * (32 + 4); AES-CBC-128 + SHA2-256: 2 * (16 + 32) */
	CHECK(child_keymat_len(encr_by_id(IKEV2_ENCR_AES_GCM_16), 256,
			       integ_by_id(IKEV2_INTEG_NONE)) == 72);
	CHECK(child_keymat_len(encr_by_id(IKEV2_ENCR_AES_CBC), 128,
			       integ_by_id(IKEV2_INTEG_HMAC_SHA2_256_128)) == 96);
}

UNIT_MAIN(UNIT(test_cavs_ikev2_kdf), UNIT(test_ike_keys_refuses_bad_suites),
	  UNIT(test_child_keymat_len))
