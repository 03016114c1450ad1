/* HMAC over NSS with the key imported once per struct hmac_key. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <pk11pub.h>

#include "ikev2_hmac.h"

struct hmac_key {
	enum ikev2_hash hash;
	size_t out_len;		/* full (untruncated) MAC length */
	PK11SymKey *key;	/* owned */
	PK11Context *ctx;	/* owned; CKA_SIGN context over key */
	bool ctx_fresh;		/* ctx initialised and unused: skip DigestBegin */
};

static CK_MECHANISM_TYPE hmac_mechanism(enum ikev2_hash h)
{
	switch (h) {
	case IKEV2_HASH_SHA1: return CKM_SHA_1_HMAC;
	case IKEV2_HASH_SHA2_256: return CKM_SHA256_HMAC;
	case IKEV2_HASH_SHA2_384: return CKM_SHA384_HMAC;
	case IKEV2_HASH_SHA2_512: return CKM_SHA512_HMAC;
	case IKEV2_HASH_NONE: break;
	}
	return CKM_INVALID_MECHANISM;
}

struct hmac_key *hmac_key_new(enum ikev2_hash hash, struct bytes key, struct crypto_error *err)
{
	CK_MECHANISM_TYPE mech = hmac_mechanism(hash);
	if (mech == CKM_INVALID_MECHANISM) {
		crypto_fail(err, CRYPTO_UNSUPPORTED, "HMAC hash not supported");
		return NULL;
	}
	if (key.len > UINT_MAX) {
		crypto_fail(err, CRYPTO_BAD_REQUEST, "HMAC key too long");
		return NULL;
	}
	/*
	 * NSS will not import an empty key.  HMAC zero-pads short keys to
	 * the block size (RFC 2104 §2), so "" and a single 0x00 are the
	 * same key.
	 */
	static const uint8_t zero_key[1] = { 0 };
	if (key.len == 0)
		key = BYTES(zero_key, sizeof(zero_key));

	PK11SlotInfo *slot = PK11_GetInternalSlot();
	if (slot == NULL) {
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "no NSS internal slot");
		return NULL;
	}
	SECItem item = { siBuffer, (unsigned char *)key.ptr, (unsigned)key.len };
	PK11SymKey *sym = PK11_ImportSymKey(slot, mech, PK11_OriginUnwrap, CKA_SIGN, &item, NULL);
	PK11_FreeSlot(slot);
	if (sym == NULL) {
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS HMAC key import failed");
		return NULL;
	}
	SECItem no_params = { siBuffer, NULL, 0 };
	PK11Context *ctx = PK11_CreateContextBySymKey(mech, CKA_SIGN, sym, &no_params);
	if (ctx == NULL) {
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS HMAC context failed");
		PK11_FreeSymKey(sym);
		return NULL;
	}
	struct hmac_key *k = xzalloc(sizeof(*k));
	k->hash = hash;
	k->out_len = ikev2_hash_len(hash);
	k->key = sym;
	k->ctx = ctx;
	k->ctx_fresh = true;
	return k;
}

void hmac_key_free(struct hmac_key **kp)
{
	struct hmac_key *k = *kp;
	if (k == NULL)
		return;
	PK11_DestroyContext(k->ctx, PR_TRUE);
	PK11_FreeSymKey(k->key);
	free(k);
	*kp = NULL;
}

size_t hmac_out_len(const struct hmac_key *k)
{
	return k->out_len;
}

bool hmac_sign(struct hmac_key *k, const struct bytes *parts, size_t nparts,
	       uint8_t *out, size_t out_len, struct crypto_error *err)
{
	if (out_len == 0 || out_len > k->out_len)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "HMAC output length out of range");
	if (!k->ctx_fresh && PK11_DigestBegin(k->ctx) != SECSuccess)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS HMAC begin failed");
	/* whatever happens next, the context needs a restart before reuse */
	k->ctx_fresh = false;
	for (size_t i = 0; i < nparts; i++) {
		if (parts[i].len == 0)
			continue;
		if (parts[i].len > UINT_MAX ||
		    PK11_DigestOp(k->ctx, parts[i].ptr, (unsigned)parts[i].len) != SECSuccess)
			return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS HMAC update failed");
	}
	uint8_t mac[IKEV2_HASH_MAX_LEN];
	unsigned mac_len = 0;
	if (PK11_DigestFinal(k->ctx, mac, &mac_len, sizeof(mac)) != SECSuccess ||
	    mac_len != k->out_len) {
		wipe(mac, sizeof(mac));
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS HMAC final failed");
	}
	memcpy(out, mac, out_len);
	wipe(mac, sizeof(mac));
	return true;
}
