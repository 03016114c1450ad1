/* RFC 7427 digital signature AUTH over NSS (see ikev2_signature.h). */
#include <cryptohi.h>
#include <keyhi.h>
#include <pk11pub.h>
#include <secasn1.h>
#include <secerr.h>
#include <secoid.h>
#include <secport.h>

#include "ikev2_signature.h"
#include "wire.h"

/* RFC 7427 A.3.2-A.3.4: parameters absent. */
static const uint8_t ecdsa_sha256_der[] = {
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
};
static const uint8_t ecdsa_sha384_der[] = {
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03,
};
static const uint8_t ecdsa_sha512_der[] = {
	0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04,
};
/* RFC 7427 A.1.2: parameters NULL. */
static const uint8_t rsa_sha256_der[] = {
	0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
	0x0b, 0x05, 0x00,
};
/* RFC 7427 A.1.3, A.1.4 */
static const uint8_t rsa_sha384_der[] = {
	0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
	0x0c, 0x05, 0x00,
};
static const uint8_t rsa_sha512_der[] = {
	0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
	0x0d, 0x05, 0x00,
};
/*
 * id-RSASSA-PSS { hashAlgorithm sha256, maskGenAlgorithm mgf1(sha256),
 * saltLength 32 }: DER leaves out trailerField (DEFAULT 1), which is how
 * strongSwan and libreswan send it.
 */
static const uint8_t rsa_pss_sha256_der[] = {
	0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
	0x0a, 0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48,
	0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a,
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30,
	0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
	0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20,
};
/* The same with trailerField 1 written out: RFC 7427 A.4.3 verbatim. */
static const uint8_t rsa_pss_sha256_rfc_der[] = {
	0x30, 0x46, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
	0x0a, 0x30, 0x39, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48,
	0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a,
	0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30,
	0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
	0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20, 0xa3, 0x03, 0x02, 0x01, 0x01,
};

#define DER(a) BYTES(a, sizeof(a))

static const struct ikev2_sig_desc sigs[] = {
	{ IKEV2_SIG_ECDSA_SHA256, "ecdsa-sha2_256", IKEV2_SIGHASH_SHA2_256, ecKey, DER(ecdsa_sha256_der), { 0 } },
	{ IKEV2_SIG_ECDSA_SHA384, "ecdsa-sha2_384", IKEV2_SIGHASH_SHA2_384, ecKey, DER(ecdsa_sha384_der), { 0 } },
	{ IKEV2_SIG_ECDSA_SHA512, "ecdsa-sha2_512", IKEV2_SIGHASH_SHA2_512, ecKey, DER(ecdsa_sha512_der), { 0 } },
	{ IKEV2_SIG_RSA_PSS_SHA256, "rsa-pss-sha2_256", IKEV2_SIGHASH_SHA2_256, rsaKey,
	  DER(rsa_pss_sha256_der), DER(rsa_pss_sha256_rfc_der) },
	{ IKEV2_SIG_RSA_PKCS1_SHA256, "rsa-pkcs1-sha2_256", IKEV2_SIGHASH_SHA2_256, rsaKey,
	  DER(rsa_sha256_der), { 0 } },
	{ IKEV2_SIG_RSA_PKCS1_SHA384, "rsa-pkcs1-sha2_384", IKEV2_SIGHASH_SHA2_384, rsaKey,
	  DER(rsa_sha384_der), { 0 } },
	{ IKEV2_SIG_RSA_PKCS1_SHA512, "rsa-pkcs1-sha2_512", IKEV2_SIGHASH_SHA2_512, rsaKey,
	  DER(rsa_sha512_der), { 0 } },
};
#define NSIGS (sizeof(sigs) / sizeof(sigs[0]))

const struct ikev2_sig_desc *ikev2_sig_by_alg(enum ikev2_sig_alg alg)
{
	for (size_t i = 0; i < NSIGS; i++)
		if (sigs[i].alg == alg)
			return &sigs[i];
	return NULL;
}

static bool peer_has(unsigned peer_hashes, enum ikev2_sighash h)
{
	return peer_hashes == 0 || (peer_hashes & (1u << h)) != 0;
}

const struct ikev2_sig_desc *ikev2_sig_choose(const SECKEYPrivateKey *key, bool rsa_pkcs1,
					      unsigned peer_hashes)
{
	enum ikev2_sig_alg alg;
	switch (SECKEY_GetPrivateKeyType(key)) {
	case rsaKey:
		return ikev2_sig_by_alg(rsa_pkcs1 ? IKEV2_SIG_RSA_PKCS1_SHA256 : IKEV2_SIG_RSA_PSS_SHA256);
	case ecKey: {
		/* the signature length is twice the field size */
		int siglen = PK11_SignatureLen((SECKEYPrivateKey *)key);
		alg = siglen > 2 * 48 ? IKEV2_SIG_ECDSA_SHA512
			: siglen > 2 * 32 ? IKEV2_SIG_ECDSA_SHA384 : IKEV2_SIG_ECDSA_SHA256;
		const struct ikev2_sig_desc *d = ikev2_sig_by_alg(alg);
		return peer_has(peer_hashes, d->hash) ? d : ikev2_sig_by_alg(IKEV2_SIG_ECDSA_SHA256);
	}
	default:
		return NULL;
	}
}

/* Our own (trusted) DER into an NSS SECAlgorithmID allocated in arena. */
static bool algid_decode(PLArenaPool *arena, const struct ikev2_sig_desc *sig, SECAlgorithmID *algid)
{
	SECItem der = { siBuffer, (unsigned char *)sig->der.ptr, (unsigned)sig->der.len };
	*algid = (SECAlgorithmID){ 0 };
	return SEC_QuickDERDecodeItem(arena, algid, SEC_ASN1_GET(SECOID_AlgorithmIDTemplate), &der) ==
	       SECSuccess;
}

bool ikev2_sig_sign(const struct ikev2_sig_desc *sig, SECKEYPrivateKey *key, struct bytes octets,
		    struct chunk *auth_data, struct crypto_error *err)
{
	*auth_data = (struct chunk){ 0 };
	if (sig == NULL || SECKEY_GetPrivateKeyType(key) != sig->key_type)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "signature algorithm does not fit the key");
	PLArenaPool *arena = PORT_NewArena(1024);
	if (arena == NULL)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "PORT_NewArena failed");
	SECAlgorithmID algid;
	SECItem out = { siBuffer, NULL, 0 };
	bool ok = algid_decode(arena, sig, &algid) &&
		  SEC_SignDataWithAlgorithmID(&out, octets.ptr, (int)octets.len, key, &algid) == SECSuccess;
	if (!ok) {
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS could not sign");
	} else {
		*auth_data = chunk_alloc(1 + sig->der.len + out.len);
		struct wire_out w = wire_out_buf(auth_data->ptr, auth_data->len);
		wire_put_u8(&w, (uint8_t)sig->der.len);
		wire_put_bytes(&w, sig->der);
		wire_put_bytes(&w, BYTES(out.data, out.len));
	}
	SECITEM_FreeItem(&out, PR_FALSE);
	PORT_FreeArena(arena, PR_FALSE);
	return ok;
}

/* The table entry whose AlgorithmIdentifier is exactly der, or NULL. */
static const struct ikev2_sig_desc *sig_by_der(struct bytes der)
{
	for (size_t i = 0; i < NSIGS; i++)
		if (bytes_eq(der, sigs[i].der) || (sigs[i].der_alt.len > 0 && bytes_eq(der, sigs[i].der_alt)))
			return &sigs[i];
	return NULL;
}

bool ikev2_sig_verify(const SECKEYPublicKey *key, struct bytes auth_data, struct bytes octets,
		      const struct ikev2_sig_desc **used, struct crypto_error *err)
{
	if (auth_data.len < 1 || auth_data.len < 1u + auth_data.ptr[0] + 1u)
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "signature AUTH data too short");
	size_t der_len = auth_data.ptr[0];
	const struct ikev2_sig_desc *sig = sig_by_der(BYTES(auth_data.ptr + 1, der_len));
	if (sig == NULL)
		return crypto_fail(err, CRYPTO_UNSUPPORTED, "unsupported signature AlgorithmIdentifier");
	if (key == NULL || SECKEY_GetPublicKeyType(key) != sig->key_type)
		return crypto_fail(err, CRYPTO_UNSUPPORTED, "signature algorithm does not fit the peer's key");
	PLArenaPool *arena = PORT_NewArena(1024);
	if (arena == NULL)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "PORT_NewArena failed");
	SECAlgorithmID algid;
	SECItem sig_item = { siBuffer, (unsigned char *)auth_data.ptr + 1 + der_len,
			     (unsigned)(auth_data.len - 1 - der_len) };
	bool ok = algid_decode(arena, sig, &algid);
	if (!ok)
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "cannot decode our AlgorithmIdentifier");
	else if (VFY_VerifyDataWithAlgorithmID(octets.ptr, (int)octets.len, key, &sig_item, &algid, NULL,
						 NULL) != SECSuccess)
		ok = crypto_fail_nss(err, CRYPTO_AUTH_FAILED, "signature does not verify");
	PORT_FreeArena(arena, PR_FALSE);
	if (ok && used != NULL)
		*used = sig;
	return ok;
}

struct bytes ikev2_sig_hashes_ours(void)
{
	static const uint8_t list[] = { 0, IKEV2_SIGHASH_SHA2_256, 0, IKEV2_SIGHASH_SHA2_384,
					0, IKEV2_SIGHASH_SHA2_512 };
	return BYTES(list, sizeof(list));
}

unsigned ikev2_sig_hashes_decode(struct bytes data)
{
	unsigned mask = 0;
	if (data.len % 2 != 0)
		return 0;
	for (size_t i = 0; i < data.len; i += 2) {
		unsigned h = (unsigned)data.ptr[i] << 8 | data.ptr[i + 1];
		if (h < 32)
			mask |= 1u << h;
	}
	return mask;
}
