/*
 * RFC 7427 digital signature AUTH: round trips with keys made here, and
 * every kind of tampering refused.  The signatures are also checked by
 * an independent implementation, `openssl dgst -verify`, so a wrong
 * encoding (e.g. raw r|s instead of DER for ECDSA, or the wrong PSS salt)
 * cannot pass by being consistent with itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cryptohi.h>
#include <keyhi.h>
#include <pk11pub.h>
#include <secoid.h>

#include "ikev2_random.h"
#include "ikev2_signature.h"
#include "unit.h"

struct keypair {
	SECKEYPrivateKey *priv;
	SECKEYPublicKey *pub;
};

static struct keypair ec_key(SECOidTag curve)
{
	struct keypair k = { 0 };
	SECOidData *oid = SECOID_FindOIDByTag(curve);
	CHECK(oid != NULL);
	if (oid == NULL)
		return k;
	uint8_t der[64] = { 0x06, (uint8_t)oid->oid.len };
	memcpy(der + 2, oid->oid.data, oid->oid.len);
	SECItem params = { siBuffer, der, oid->oid.len + 2 };
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	k.priv = PK11_GenerateKeyPair(slot, CKM_EC_KEY_PAIR_GEN, &params, &k.pub, PR_FALSE, PR_FALSE, NULL);
	PK11_FreeSlot(slot);
	CHECK(k.priv != NULL && k.pub != NULL);
	return k;
}

static struct keypair rsa_key(void)
{
	struct keypair k = { 0 };
	PK11RSAGenParams params = { .keySizeInBits = 2048, .pe = 65537 };
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	k.priv = PK11_GenerateKeyPair(slot, CKM_RSA_PKCS_KEY_PAIR_GEN, &params, &k.pub, PR_FALSE, PR_FALSE,
				      NULL);
	PK11_FreeSlot(slot);
	CHECK(k.priv != NULL && k.pub != NULL);
	return k;
}

static void key_free(struct keypair *k)
{
	SECKEY_DestroyPrivateKey(k->priv);
	SECKEY_DestroyPublicKey(k->pub);
}

static bool write_file(const char *path, struct bytes b)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return false;
	bool ok = fwrite(b.ptr, 1, b.len, f) == b.len;
	return fclose(f) == 0 && ok;
}

/* `openssl dgst -verify` over the same octets; the signature is what
 * follows the AlgorithmIdentifier in the AUTH data. */
static bool openssl_verifies(const struct keypair *k, const struct ikev2_sig_desc *sig,
			     struct bytes octets, struct bytes auth_data)
{
	char dir[] = "/tmp/sigtest.XXXXXX";
	if (mkdtemp(dir) == NULL)
		return false;
	SECItem *spki = SECKEY_EncodeDERSubjectPublicKeyInfo(k->pub);
	char path[3][64];
	snprintf(path[0], sizeof(path[0]), "%s/pub.der", dir);
	snprintf(path[1], sizeof(path[1]), "%s/sig", dir);
	snprintf(path[2], sizeof(path[2]), "%s/data", dir);
	size_t off = 1 + auth_data.ptr[0];
	bool ok = spki != NULL && write_file(path[0], BYTES(spki->data, spki->len)) &&
		  write_file(path[1], BYTES(auth_data.ptr + off, auth_data.len - off)) &&
		  write_file(path[2], octets);
	SECITEM_FreeItem(spki, PR_TRUE);
	const char *md = sig->hash == IKEV2_SIGHASH_SHA2_512 ? "sha512"
		: sig->hash == IKEV2_SIGHASH_SHA2_384 ? "sha384" : "sha256";
	const char *pss = sig->alg == IKEV2_SIG_RSA_PSS_SHA256
		? "-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -sigopt rsa_mgf1_md:sha256" : "";
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "openssl dgst -%s -keyform DER -verify %s -signature %s %s %s >/dev/null 2>&1",
		 md, path[0], path[1], pss, path[2]);
	ok = ok && system(cmd) == 0;
	for (int i = 0; i < 3; i++)
		unlink(path[i]);
	rmdir(dir);
	return ok;
}

/* Sign, verify, then check that each tampering is refused. */
static void round_trip(const struct keypair *k, enum ikev2_sig_alg alg)
{
	const struct ikev2_sig_desc *sig = ikev2_sig_by_alg(alg);
	uint8_t msg[333];
	CHECK(random_bytes(msg, sizeof(msg)));
	struct bytes octets = BYTES(msg, sizeof(msg));
	struct chunk auth = { 0 };
	struct crypto_error err = { 0 };
	CHECK(ikev2_sig_sign(sig, k->priv, octets, &auth, &err));
	if (auth.len == 0)
		return;
	/* length octet and AlgorithmIdentifier as sent */
	CHECK(auth.ptr[0] == sig->der.len);
	CHECK_EQ_BYTES(BYTES(auth.ptr + 1, sig->der.len), sig->der);

	const struct ikev2_sig_desc *used = NULL;
	CHECK(ikev2_sig_verify(k->pub, chunk_bytes(auth), octets, &used, &err));
	CHECK(used == sig);
	CHECK(openssl_verifies(k, sig, octets, chunk_bytes(auth)));

	/* a flipped bit in the signature, and in the signed octets */
	auth.ptr[auth.len - 5] ^= 0x10;
	CHECK(!ikev2_sig_verify(k->pub, chunk_bytes(auth), octets, NULL, &err));
	CHECK(err.status == CRYPTO_AUTH_FAILED);
	auth.ptr[auth.len - 5] ^= 0x10;
	msg[17] ^= 1;
	CHECK(!ikev2_sig_verify(k->pub, chunk_bytes(auth), octets, NULL, &err));
	CHECK(err.status == CRYPTO_AUTH_FAILED);
	msg[17] ^= 1;
	CHECK(ikev2_sig_verify(k->pub, chunk_bytes(auth), octets, NULL, &err));

	/* truncations: no signature, AlgorithmIdentifier cut short, nothing */
	CHECK(!ikev2_sig_verify(k->pub, BYTES(auth.ptr, 1 + sig->der.len), octets, NULL, &err));
	CHECK(err.status == CRYPTO_BAD_LENGTH);
	CHECK(!ikev2_sig_verify(k->pub, BYTES(auth.ptr, 5), octets, NULL, &err));
	CHECK(err.status == CRYPTO_BAD_LENGTH);
	CHECK(!ikev2_sig_verify(k->pub, BYTES(auth.ptr, 0), octets, NULL, &err));
	/* a bit flipped inside the OID (its first octet, 0x2a): not in the list */
	auth.ptr[1 + 4] ^= 0x01;
	CHECK(!ikev2_sig_verify(k->pub, chunk_bytes(auth), octets, NULL, &err));
	CHECK(err.status == CRYPTO_UNSUPPORTED);
	chunk_free(&auth);
}

/* The signature of one algorithm relabelled as another must not verify. */
static void relabel_refused(const struct keypair *k, enum ikev2_sig_alg signed_as,
			    enum ikev2_sig_alg claimed, enum crypto_status expect)
{
	const struct ikev2_sig_desc *s = ikev2_sig_by_alg(signed_as), *c = ikev2_sig_by_alg(claimed);
	uint8_t msg[100];
	CHECK(random_bytes(msg, sizeof(msg)));
	struct chunk auth = { 0 };
	CHECK(ikev2_sig_sign(s, k->priv, BYTES(msg, sizeof(msg)), &auth, NULL));
	size_t off = 1 + s->der.len;
	struct chunk forged = chunk_alloc(1 + c->der.len + auth.len - off);
	forged.ptr[0] = (uint8_t)c->der.len;
	memcpy(forged.ptr + 1, c->der.ptr, c->der.len);
	memcpy(forged.ptr + 1 + c->der.len, auth.ptr + off, auth.len - off);
	struct crypto_error err = { 0 };
	CHECK(!ikev2_sig_verify(k->pub, chunk_bytes(forged), BYTES(msg, sizeof(msg)), NULL, &err));
	CHECK(err.status == expect);
	chunk_free(&forged);
	chunk_free(&auth);
}

static void test_ecdsa_round_trips(void)
{
	unit_nss_init();
	struct keypair p256 = ec_key(SEC_OID_ANSIX962_EC_PRIME256V1);
	struct keypair p384 = ec_key(SEC_OID_SECG_EC_SECP384R1);
	struct keypair p521 = ec_key(SEC_OID_SECG_EC_SECP521R1);
	round_trip(&p256, IKEV2_SIG_ECDSA_SHA256);
	round_trip(&p384, IKEV2_SIG_ECDSA_SHA384);
	round_trip(&p521, IKEV2_SIG_ECDSA_SHA512);
	round_trip(&p256, IKEV2_SIG_ECDSA_SHA512);
	/* the hash follows the curve; a peer without it gets SHA-256 */
	CHECK(ikev2_sig_choose(p256.priv, false, 0)->alg == IKEV2_SIG_ECDSA_SHA256);
	CHECK(ikev2_sig_choose(p384.priv, false, 0)->alg == IKEV2_SIG_ECDSA_SHA384);
	CHECK(ikev2_sig_choose(p521.priv, false, 0)->alg == IKEV2_SIG_ECDSA_SHA512);
	CHECK(ikev2_sig_choose(p521.priv, false, 1u << IKEV2_SIGHASH_SHA2_256)->alg == IKEV2_SIG_ECDSA_SHA256);
	relabel_refused(&p256, IKEV2_SIG_ECDSA_SHA256, IKEV2_SIG_ECDSA_SHA384, CRYPTO_AUTH_FAILED);
	/* an RSA AlgorithmIdentifier with an EC key */
	relabel_refused(&p256, IKEV2_SIG_ECDSA_SHA256, IKEV2_SIG_RSA_PKCS1_SHA256, CRYPTO_UNSUPPORTED);
	/* the signature of another key */
	uint8_t msg[40] = { 0 };
	struct chunk auth = { 0 };
	CHECK(ikev2_sig_sign(ikev2_sig_by_alg(IKEV2_SIG_ECDSA_SHA256), p384.priv, BYTES(msg, 40), &auth, NULL));
	CHECK(!ikev2_sig_verify(p256.pub, chunk_bytes(auth), BYTES(msg, 40), NULL, NULL));
	chunk_free(&auth);
	/* signing with an algorithm for another key type is a caller bug */
	struct crypto_error err = { 0 };
	CHECK(!ikev2_sig_sign(ikev2_sig_by_alg(IKEV2_SIG_RSA_PSS_SHA256), p256.priv, BYTES(msg, 40), &auth, &err));
	CHECK(err.status == CRYPTO_BAD_REQUEST && auth.len == 0);
	key_free(&p256);
	key_free(&p384);
	key_free(&p521);
}

static void test_rsa_round_trips(void)
{
	unit_nss_init();
	struct keypair rsa = rsa_key();
	round_trip(&rsa, IKEV2_SIG_RSA_PSS_SHA256);
	round_trip(&rsa, IKEV2_SIG_RSA_PKCS1_SHA256);
	round_trip(&rsa, IKEV2_SIG_RSA_PKCS1_SHA384);
	round_trip(&rsa, IKEV2_SIG_RSA_PKCS1_SHA512);
	relabel_refused(&rsa, IKEV2_SIG_RSA_PKCS1_SHA384, IKEV2_SIG_RSA_PKCS1_SHA512, CRYPTO_AUTH_FAILED);
	CHECK(ikev2_sig_choose(rsa.priv, false, 0)->alg == IKEV2_SIG_RSA_PSS_SHA256);
	CHECK(ikev2_sig_choose(rsa.priv, true, 0)->alg == IKEV2_SIG_RSA_PKCS1_SHA256);
	/* PSS and PKCS#1 v1.5 signatures are not interchangeable */
	relabel_refused(&rsa, IKEV2_SIG_RSA_PSS_SHA256, IKEV2_SIG_RSA_PKCS1_SHA256, CRYPTO_AUTH_FAILED);
	relabel_refused(&rsa, IKEV2_SIG_RSA_PKCS1_SHA256, IKEV2_SIG_RSA_PSS_SHA256, CRYPTO_AUTH_FAILED);
	relabel_refused(&rsa, IKEV2_SIG_RSA_PSS_SHA256, IKEV2_SIG_ECDSA_SHA256, CRYPTO_UNSUPPORTED);

	/* RFC 7427 A.4.3's PSS form (trailerField written out) is accepted */
	const struct ikev2_sig_desc *pss = ikev2_sig_by_alg(IKEV2_SIG_RSA_PSS_SHA256);
	uint8_t msg[64] = { 1, 2, 3 };
	struct chunk auth = { 0 };
	CHECK(ikev2_sig_sign(pss, rsa.priv, BYTES(msg, 64), &auth, NULL));
	size_t off = 1 + pss->der.len;
	struct chunk rfc = chunk_alloc(1 + pss->der_alt.len + auth.len - off);
	rfc.ptr[0] = (uint8_t)pss->der_alt.len;
	memcpy(rfc.ptr + 1, pss->der_alt.ptr, pss->der_alt.len);
	memcpy(rfc.ptr + 1 + pss->der_alt.len, auth.ptr + off, auth.len - off);
	CHECK(ikev2_sig_verify(rsa.pub, chunk_bytes(rfc), BYTES(msg, 64), NULL, NULL));
	chunk_free(&rfc);
	chunk_free(&auth);
	/* sha1WithRSAEncryption (RFC 7427 A.1.1) is not on our list */
	struct bytes sha1_rsa = unit_hex("0f300d06092a864886f70d0101050500" "00112233");
	struct crypto_error err = { 0 };
	CHECK(!ikev2_sig_verify(rsa.pub, sha1_rsa, BYTES(msg, 64), NULL, &err));
	CHECK(err.status == CRYPTO_UNSUPPORTED);
	key_free(&rsa);
}

static void test_signature_hash_notify(void)
{
	struct bytes ours = ikev2_sig_hashes_ours();
	CHECK_EQ_BYTES(ours, unit_hex("000200030004"));
	unsigned mask = ikev2_sig_hashes_decode(ours);
	CHECK(mask == (1u << 2 | 1u << 3 | 1u << 4));
	CHECK(ikev2_sig_hashes_decode(unit_hex("0005ffff0001")) == (1u << 5 | 1u << 1));
	CHECK(ikev2_sig_hashes_decode(unit_hex("00020003ff")) == 0);
	CHECK(ikev2_sig_hashes_decode(BYTES(NULL, 0)) == 0);
}

UNIT_MAIN(UNIT(test_ecdsa_round_trips), UNIT(test_rsa_round_trips), UNIT(test_signature_hash_notify))
