/* AES-GCM over the NSS PKCS #11 v3 message interface (PK11_AEADOp). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <pk11pub.h>

#include "ikev2_aead.h"

struct aead_key {
	size_t tag_len;		/* octets of tag produced / expected */
	PK11SymKey *key;	/* owned */
	PK11Context *seal_ctx;	/* owned, NULL until the first seal */
	PK11Context *open_ctx;	/* owned, NULL until the first open */
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
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	if (slot == NULL) {
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "no NSS internal slot");
		return NULL;
	}
	SECItem item = { siBuffer, (unsigned char *)key.ptr, (unsigned)key.len };
	PK11SymKey *sym = PK11_ImportSymKeyWithFlags(slot, CKM_AES_GCM, PK11_OriginUnwrap,
						     CKA_FLAGS_ONLY, &item,
						     CKF_ENCRYPT | CKF_DECRYPT, PR_FALSE, NULL);
	PK11_FreeSlot(slot);
	if (sym == NULL) {
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS AES-GCM key import failed");
		return NULL;
	}
	struct aead_key *k = xzalloc(sizeof(*k));
	k->tag_len = tag_len;
	k->key = sym;
	return k;
}

void aead_key_free(struct aead_key **kp)
{
	struct aead_key *k = *kp;
	if (k == NULL)
		return;
	if (k->seal_ctx != NULL)
		PK11_DestroyContext(k->seal_ctx, PR_TRUE);
	if (k->open_ctx != NULL)
		PK11_DestroyContext(k->open_ctx, PR_TRUE);
	PK11_FreeSymKey(k->key);
	free(k);
	*kp = NULL;
}

size_t aead_tag_len(const struct aead_key *k)
{
	return k->tag_len;
}

static PK11Context *message_context(struct aead_key *k, CK_ATTRIBUTE_TYPE op,
				    PK11Context **slot_ctx)
{
	if (*slot_ctx == NULL) {
		SECItem no_params = { siBuffer, NULL, 0 };
		*slot_ctx = PK11_CreateContextBySymKey(CKM_AES_GCM, CKA_NSS_MESSAGE | op,
						       k->key, &no_params);
	}
	return *slot_ctx;
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
	PK11Context *ctx = message_context(k, CKA_ENCRYPT, &k->seal_ctx);
	if (ctx == NULL)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS AES-GCM context failed");
	uint8_t iv[AEAD_GCM_NONCE_LEN];
	memcpy(iv, nonce.ptr, sizeof(iv));
	uint8_t empty;	/* NSS wants a buffer even for empty texts */
	int out_len = 0;
	SECStatus rv = PK11_AEADOp(ctx, CKG_NO_GENERATE, 0, iv, sizeof(iv),
				   aad.len > 0 ? aad.ptr : &empty, (int)aad.len,
				   pt.len > 0 ? ct : &empty, &out_len, (int)pt.len,
				   tag, (int)k->tag_len,
				   pt.len > 0 ? pt.ptr : &empty, (int)pt.len);
	if (rv != SECSuccess || (size_t)out_len != pt.len)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS AES-GCM encryption failed");
	return true;
}

bool aead_open(struct aead_key *k, struct bytes nonce, struct bytes aad, struct bytes ct,
	       struct bytes tag, uint8_t *pt, struct crypto_error *err)
{
	if (!aead_args_ok(k, nonce, aad, ct, err))
		return false;
	if (tag.len != k->tag_len)
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "AES-GCM tag of the wrong length");
	PK11Context *ctx = message_context(k, CKA_DECRYPT, &k->open_ctx);
	if (ctx == NULL)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS AES-GCM context failed");
	uint8_t iv[AEAD_GCM_NONCE_LEN];
	memcpy(iv, nonce.ptr, sizeof(iv));
	uint8_t tag_copy[AEAD_GCM_MAX_TAG_LEN];
	memcpy(tag_copy, tag.ptr, tag.len);
	uint8_t empty;
	int out_len = 0;
	SECStatus rv = PK11_AEADOp(ctx, CKG_NO_GENERATE, 0, iv, sizeof(iv),
				   aad.len > 0 ? aad.ptr : &empty, (int)aad.len,
				   ct.len > 0 ? pt : &empty, &out_len, (int)ct.len,
				   tag_copy, (int)tag.len,
				   ct.len > 0 ? ct.ptr : &empty, (int)ct.len);
	if (rv != SECSuccess || (size_t)out_len != ct.len) {
		wipe(pt, ct.len);
		/* NSS reports a tag mismatch as a bad-data error */
		return crypto_fail_nss(err, CRYPTO_AUTH_FAILED, "AES-GCM tag mismatch");
	}
	return true;
}
