/*
 * AES-GCM against NIST CAVS 17.8 answers (gcmEncryptExtIV128/256,
 * gcmDecrypt128/256), in the groups IKEv2 uses: 96-bit IV (salt | IV,
 * RFC 5282 §4) and 128-bit tag (ENCR_AES_GCM_16).  Every such case runs
 * through aead_seal / aead_open, and the decrypt cases also through
 * sk_open with SK_e = key | first 4 IV octets: FAIL cases must be
 * rejected, the rest must yield the plaintext minus its RFC 7296
 * padding (or a padding error when the last octet cannot be a pad length).
 */
#include "ikev2_aead.h"
#include "ikev2_sk.h"
#include "unit.h"
#include "vectors.h"

static bool ike_group(const struct fax_record *rec)
{
	return fax_num(rec, "IVlen") == 96 && fax_num(rec, "Taglen") == 128;
}

static void check_encrypt(struct fax_reader *r, const struct fax_record *rec)
{
	struct bytes key = fax_hex(r, rec, "Key"), iv = fax_hex(r, rec, "IV");
	struct bytes pt = fax_hex(r, rec, "PT"), aad = fax_hex(r, rec, "AAD");
	struct bytes want_ct = fax_hex(r, rec, "CT"), want_tag = fax_hex(r, rec, "Tag");
	struct aead_key *k = aead_gcm_key_new(key, 16, NULL);
	CHECK(k != NULL);
	if (k == NULL)
		return;
	uint8_t *ct = xmalloc(pt.len + 1);
	uint8_t tag[16];
	CHECK(aead_seal(k, iv, aad, pt, ct, tag, NULL));
	CHECK_EQ_BYTES(BYTES(ct, pt.len), want_ct);
	CHECK_EQ_BYTES(BYTES(tag, 16), want_tag);
	/* and back */
	uint8_t *back = xmalloc(pt.len + 1);
	CHECK(aead_open(k, iv, aad, want_ct, want_tag, back, NULL));
	CHECK_EQ_BYTES(BYTES(back, pt.len), pt);
	free(ct);
	free(back);
	aead_key_free(&k);
}

static void check_decrypt_aead(struct fax_reader *r, const struct fax_record *rec)
{
	struct bytes key = fax_hex(r, rec, "Key"), iv = fax_hex(r, rec, "IV");
	struct bytes ct = fax_hex(r, rec, "CT"), aad = fax_hex(r, rec, "AAD");
	struct bytes tag = fax_hex(r, rec, "Tag");
	struct aead_key *k = aead_gcm_key_new(key, 16, NULL);
	CHECK(k != NULL);
	if (k == NULL)
		return;
	uint8_t *pt = xmalloc(ct.len + 1);
	struct crypto_error err = { 0 };
	bool ok = aead_open(k, iv, aad, ct, tag, pt, &err);
	if (rec->fail) {
		CHECK(!ok && err.status == CRYPTO_AUTH_FAILED);
		/* nothing of the forged plaintext is left in the buffer */
		for (size_t i = 0; i < ct.len; i++)
			CHECK(pt[i] == 0);
	} else {
		CHECK(ok);
		CHECK_EQ_BYTES(BYTES(pt, ct.len), fax_hex(r, rec, "PT"));
	}
	free(pt);
	aead_key_free(&k);
}

/* The same case as an SK payload body: IV (8) | CT | tag. */
static void check_decrypt_sk(struct fax_reader *r, const struct fax_record *rec, int *sk_plain)
{
	struct bytes key = fax_hex(r, rec, "Key"), iv = fax_hex(r, rec, "IV");
	struct bytes ct = fax_hex(r, rec, "CT"), aad = fax_hex(r, rec, "AAD");
	struct bytes tag = fax_hex(r, rec, "Tag");
	if (ct.len == 0)
		return;	/* an SK body always holds at least the pad length */
	struct chunk sk_e = chunk_concat(key, BYTES(iv.ptr, 4));
	struct chunk body = chunk_alloc(8 + ct.len + 16);
	struct wire_out w = wire_out_buf(body.ptr, body.len);
	wire_put_bytes(&w, BYTES(iv.ptr + 4, 8));
	wire_put_bytes(&w, ct);
	wire_put_bytes(&w, tag);
	struct sk_cipher *c = sk_cipher_new(encr_by_id(IKEV2_ENCR_AES_GCM_16),
					    integ_by_id(IKEV2_INTEG_NONE), chunk_bytes(sk_e),
					    EMPTY_BYTES, NULL);
	CHECK(c != NULL);
	struct chunk plain = { 0 };
	struct crypto_error err = { 0 };
	bool ok = c != NULL && sk_open(c, aad, chunk_bytes(body), &plain, &err);
	if (rec->fail) {
		CHECK(!ok && err.status == CRYPTO_AUTH_FAILED && plain.ptr == NULL);
	} else {
		struct bytes pt = fax_hex(r, rec, "PT");
		size_t pad = pt.ptr[pt.len - 1];
		if (pad + 1 <= pt.len) {
			CHECK(ok);
			CHECK_EQ_BYTES(chunk_bytes(plain), BYTES(pt.ptr, pt.len - pad - 1));
			(*sk_plain)++;
		} else {
			CHECK(!ok && err.status == CRYPTO_BAD_PADDING && plain.ptr == NULL);
		}
	}
	chunk_free(&plain);
	sk_cipher_free(&c);
	chunk_free(&body);
	chunk_free(&sk_e);
}

static void run_file(const char *file, bool decrypt)
{
	unit_nss_init();
	struct fax_reader r;
	CHECK(fax_open(&r, file));
	struct fax_record rec;
	int all = 0, used = 0, fails = 0, sk_plain = 0;
	while (fax_next(&r, &rec)) {
		all++;
		if (!ike_group(&rec))
			continue;
		used++;
		if (decrypt) {
			fails += rec.fail;
			check_decrypt_aead(&r, &rec);
			check_decrypt_sk(&r, &rec, &sk_plain);
		} else {
			check_encrypt(&r, &rec);
		}
	}
	fax_close(&r);
	CHECK(all == 7875);
	CHECK(used >= 300);
	CHECK(!decrypt || (fails > 50 && sk_plain > 10));
	printf("     %s: %d of %d cases (IV 96, tag 128)", file, used, all);
	if (decrypt)
		printf(", %d FAIL rejected, %d opened as SK bodies", fails, sk_plain);
	printf("\n");
}

static void test_gcm_encrypt_128(void) { run_file("vectors/cavs-gcmEncryptExtIV128.fax", false); }
static void test_gcm_encrypt_256(void) { run_file("vectors/cavs-gcmEncryptExtIV256.fax", false); }
static void test_gcm_decrypt_128(void) { run_file("vectors/cavs-gcmDecrypt128.fax", true); }
static void test_gcm_decrypt_256(void) { run_file("vectors/cavs-gcmDecrypt256.fax", true); }

static void test_gcm_argument_checks(void)
{
	unit_nss_init();
	struct crypto_error err = { 0 };
	CHECK(aead_gcm_key_new(unit_hex("00112233445566778899aabbccddee"), 16, &err) == NULL);
	CHECK(err.status == CRYPTO_UNSUPPORTED);
	CHECK(aead_gcm_key_new(unit_hex("00112233445566778899aabbccddeeff"), 17, &err) == NULL);
	struct aead_key *k = aead_gcm_key_new(unit_hex("00112233445566778899aabbccddeeff"), 16, &err);
	CHECK(k != NULL && aead_tag_len(k) == 16);
	uint8_t ct[4], tag[16];
	CHECK(!aead_seal(k, unit_hex("0011"), EMPTY_BYTES, unit_hex("01020304"), ct, tag, &err));
	CHECK(err.status == CRYPTO_BAD_REQUEST);
	CHECK(!aead_open(k, unit_hex("000102030405060708090a0b"), EMPTY_BYTES,
			 unit_hex("01020304"), unit_hex("00"), ct, &err));
	CHECK(err.status == CRYPTO_BAD_LENGTH);
	aead_key_free(&k);
}

UNIT_MAIN(UNIT(test_gcm_encrypt_128), UNIT(test_gcm_encrypt_256), UNIT(test_gcm_decrypt_128),
	  UNIT(test_gcm_decrypt_256), UNIT(test_gcm_argument_checks))
