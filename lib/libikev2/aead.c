/*
 * AES-GCM with NSS's single-shot PK11_Encrypt / PK11_Decrypt.
 *
 * The key is imported into NSS for each operation, not once per key: every
 * PK11SymKey NSS holds keeps a softoken session and object of its own, and
 * softoken finds those by walking hash chains that grow with the number of
 * live keys.  A gateway holding an SK cipher per IKE SA direction then pays,
 * on every operation, for every SA it holds (a tenth of its CPU time at
 * 3,000 SAs, `perf`).  An import per message costs the same as one per SA
 * during a handshake (each key is used once there) and keeps the cost
 * independent of the SAs held; NSS recycles the sessions of freed keys.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <pk11pub.h>
#include <secerr.h>

#include "ikev2_aead.h"

struct aead_key {
	size_t tag_len;		/* octets of tag produced / expected */
	struct secret raw;	/* AES key; wiped with the key */
};

struct aead_key *aead_gcm_key_new(struct bytes key, size_t tag_len, struct crypto_error *err)
{
	if (key.len != 16 && key.len != 24 && key.len != 32) {
		crypto_fail(err, CRYPTO_UNSUPPORTED, "AES-GCM key must be 16, 24 or 32 octets");
		return NULL;
	}
	if (tag_len < 4 || tag_len > AEAD_GCM_MAX_TAG_LEN) {
		crypto_fail(err, CRYPTO_UNSUPPORTED, "AES-GCM tag length out of range");
		return NULL;
	}
	struct aead_key *k = xzalloc(sizeof(*k));
	k->tag_len = tag_len;
	k->raw = secret_clone(key);
	return k;
}

void aead_key_free(struct aead_key **kp)
{
	struct aead_key *k = *kp;
	if (k == NULL)
		return;
	secret_free(&k->raw);
	free(k);
	*kp = NULL;
}

/* The key in NSS for one operation; the caller frees it. */
static PK11SymKey *import_key(const struct aead_key *k, struct crypto_error *err)
{
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	if (slot == NULL) {
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "no NSS internal slot");
		return NULL;
	}
	SECItem item = { siBuffer, k->raw.ptr, (unsigned)k->raw.len };
	PK11SymKey *sym = PK11_ImportSymKeyWithFlags(slot, CKM_AES_GCM, PK11_OriginUnwrap, CKA_FLAGS_ONLY, &item,
						     CKF_ENCRYPT | CKF_DECRYPT, PR_FALSE, NULL);
	PK11_FreeSlot(slot);
	if (sym == NULL)
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS AES-GCM key import failed");
	return sym;
}

size_t aead_tag_len(const struct aead_key *k)
{
	return k->tag_len;
}

static void gcm_params(const struct aead_key *k, CK_GCM_PARAMS *gcm, SECItem *param, uint8_t *iv,
		       struct bytes aad)
{
	*gcm = (CK_GCM_PARAMS){
		.pIv = iv,
		.ulIvLen = AEAD_GCM_NONCE_LEN,
		.ulIvBits = AEAD_GCM_NONCE_LEN * 8,
		.pAAD = (CK_BYTE_PTR)aad.ptr,
		.ulAADLen = aad.len,
		.ulTagBits = k->tag_len * 8,
	};
	*param = (SECItem){ siBuffer, (unsigned char *)gcm, sizeof(*gcm) };
}

static bool aead_args_ok(const struct aead_key *k, struct bytes nonce, struct bytes aad,
			 struct bytes text, struct crypto_error *err)
{
	if (nonce.len != AEAD_GCM_NONCE_LEN)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "AES-GCM nonce must be 12 octets");
	if (aad.len > INT_MAX || text.len > INT_MAX - AEAD_GCM_MAX_TAG_LEN)
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "AES-GCM input too long");
	return true;
}

bool aead_seal(struct aead_key *k, struct bytes nonce, struct bytes aad, struct bytes pt,
	       uint8_t *ct, uint8_t *tag, struct crypto_error *err)
{
	if (!aead_args_ok(k, nonce, aad, pt, err))
		return false;
	uint8_t iv[AEAD_GCM_NONCE_LEN];
	memcpy(iv, nonce.ptr, sizeof(iv));
	CK_GCM_PARAMS gcm;
	SECItem param;
	gcm_params(k, &gcm, &param, iv, aad);
	/* NSS writes ciphertext | tag in one buffer */
	PK11SymKey *sym = import_key(k, err);
	if (sym == NULL)
		return false;
	struct secret out = secret_alloc(pt.len + k->tag_len);
	unsigned out_len = 0;
	SECStatus rv = PK11_Encrypt(sym, CKM_AES_GCM, &param, out.ptr, &out_len, (unsigned)out.len,
				    pt.len > 0 ? pt.ptr : out.ptr, (unsigned)pt.len);
	int nss_error = rv == SECSuccess ? 0 : PORT_GetError();	/* the free may overwrite it */
	PK11_FreeSymKey(sym);
	if (nss_error != 0)
		PORT_SetError(nss_error);
	bool ok = rv == SECSuccess && out_len == out.len;
	if (ok) {
		memcpy(ct, out.ptr, pt.len);
		memcpy(tag, out.ptr + pt.len, k->tag_len);
	}
	secret_free(&out);
	return ok || crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS AES-GCM encryption failed");
}

bool aead_open(struct aead_key *k, struct bytes nonce, struct bytes aad, struct bytes ct,
	       struct bytes tag, uint8_t *pt, struct crypto_error *err)
{
	if (!aead_args_ok(k, nonce, aad, ct, err))
		return false;
	if (tag.len != k->tag_len)
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "AES-GCM tag of the wrong length");
	uint8_t iv[AEAD_GCM_NONCE_LEN];
	memcpy(iv, nonce.ptr, sizeof(iv));
	CK_GCM_PARAMS gcm;
	SECItem param;
	gcm_params(k, &gcm, &param, iv, aad);
	PK11SymKey *sym = import_key(k, err);
	if (sym == NULL) {
		wipe(pt, ct.len);
		return false;
	}
	/* NSS reads ciphertext | tag from one buffer */
	struct chunk in = chunk_alloc(ct.len + tag.len);
	if (ct.len > 0)
		memcpy(in.ptr, ct.ptr, ct.len);
	memcpy(in.ptr + ct.len, tag.ptr, tag.len);
	struct secret out = secret_alloc(ct.len + 1);
	unsigned out_len = 0;
	SECStatus rv = PK11_Decrypt(sym, CKM_AES_GCM, &param, out.ptr, &out_len, (unsigned)out.len,
				    in.ptr, (unsigned)in.len);
	int nss_error = rv == SECSuccess ? 0 : PORT_GetError();	/* the free may overwrite it */
	PK11_FreeSymKey(sym);
	chunk_free(&in);
	bool ok = rv == SECSuccess && out_len == ct.len;
	if (ok && ct.len > 0)
		memcpy(pt, out.ptr, ct.len);
	secret_free(&out);
	if (!ok) {
		wipe(pt, ct.len);
		/* NSS reports a tag mismatch as a bad-data error; anything
		 * else is NSS failing, which the log must not blame on the peer */
		if (nss_error != 0)
			PORT_SetError(nss_error);	/* for crypto_fail_nss's log */
		if (rv == SECSuccess || nss_error == SEC_ERROR_BAD_DATA)
			return crypto_fail_nss(err, CRYPTO_AUTH_FAILED, "AES-GCM tag mismatch");
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "AES-GCM decryption failed in NSS");
	}
	return true;
}
