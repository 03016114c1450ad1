/*
 * SK payload sealing and opening (RFC 7296 §3.14, RFC 5282).
 *
 * The keys stay raw secrets here and go into NSS per operation (see
 * aead.c): an NSS key object held per IKE SA direction makes softoken's
 * every call slower the more SAs a gateway holds.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <pk11pub.h>

#include "ikev2_aead.h"
#include "ikev2_hmac.h"
#include "ikev2_random.h"
#include "ikev2_sk.h"

#define SK_MAX_IV 16
#define SK_MAX_ICV 32

struct sk_cipher {
	const struct encr_desc *encr;
	const struct integ_desc *integ;
	size_t icv_len;			/* octets at the end of the body */
	/* AES-GCM */
	struct aead_key *aead;		/* owned */
	uint8_t salt[4];		/* last 4 octets of SK_e (RFC 5282 §7.1) */
	/* AES-CBC + HMAC */
	struct secret cbc_key;		/* SK_e; wiped with the cipher */
	struct secret mac_key;		/* SK_a */
};

static bool cbc_cipher_init(struct sk_cipher *c, struct bytes key, struct bytes sk_a,
			    struct crypto_error *err)
{
	if (c->integ->id == IKEV2_INTEG_NONE)
		return crypto_fail(err, CRYPTO_UNSUPPORTED, "AES-CBC needs an integrity algorithm");
	if (sk_a.len != c->integ->key_len)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "SK_a length wrong for the integrity algorithm");
	c->icv_len = c->integ->icv_len;
	c->mac_key = secret_clone(sk_a);
	c->cbc_key = secret_clone(key);
	return true;
}

/* ICV = HMAC(SK_a, parts), truncated. */
static bool cbc_mac(const struct sk_cipher *c, const struct bytes parts[3], uint8_t *icv, struct crypto_error *err)
{
	struct hmac_key *mac = hmac_key_new(c->integ->hash, secret_bytes(c->mac_key), err);
	if (mac == NULL)
		return false;
	bool ok = hmac_sign(mac, parts, 3, icv, c->icv_len, err);
	hmac_key_free(&mac);
	return ok;
}

/* AES-CBC of len octets (a multiple of the block) from in to out. */
static bool cbc_crypt(const struct sk_cipher *c, bool encrypt, struct bytes iv, const uint8_t *in, size_t len,
		      uint8_t *out, struct crypto_error *err)
{
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	if (slot == NULL)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "no NSS internal slot");
	SECItem item = { siBuffer, c->cbc_key.ptr, (unsigned)c->cbc_key.len };
	PK11SymKey *key = PK11_ImportSymKeyWithFlags(slot, CKM_AES_CBC, PK11_OriginUnwrap, CKA_FLAGS_ONLY, &item,
						     CKF_ENCRYPT | CKF_DECRYPT, PR_FALSE, NULL);
	PK11_FreeSlot(slot);
	if (key == NULL)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS AES-CBC key import failed");
	SECItem iv_item = { siBuffer, (unsigned char *)iv.ptr, (unsigned)iv.len };
	unsigned out_len = 0;
	SECStatus rv = (encrypt ? PK11_Encrypt : PK11_Decrypt)(key, CKM_AES_CBC, &iv_item, out, &out_len,
								(unsigned)len, in, (unsigned)len);
	int nss_error = rv == SECSuccess ? 0 : PORT_GetError();	/* the free may overwrite it */
	PK11_FreeSymKey(key);
	if (nss_error != 0)
		PORT_SetError(nss_error);
	if (rv == SECSuccess && out_len == len)
		return true;
	return crypto_fail_nss(err, CRYPTO_NSS_FAILURE,
			       encrypt ? "NSS AES-CBC encryption failed" : "NSS AES-CBC decryption failed");
}

static bool gcm_cipher_init(struct sk_cipher *c, struct bytes key, struct bytes salt,
			    struct bytes sk_a, struct crypto_error *err)
{
	if (c->integ->id != IKEV2_INTEG_NONE || sk_a.len != 0)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "AEAD cipher with an integrity algorithm");
	if (salt.len != sizeof(c->salt))
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "AES-GCM salt must be 4 octets");
	memcpy(c->salt, salt.ptr, sizeof(c->salt));
	c->icv_len = c->encr->icv_size;
	c->aead = aead_gcm_key_new(key, c->icv_len, err);
	return c->aead != NULL;
}

struct sk_cipher *sk_cipher_new(const struct encr_desc *encr, const struct integ_desc *integ,
				struct bytes sk_e, struct bytes sk_a, struct crypto_error *err)
{
	if (encr == NULL || integ == NULL || encr_by_id(encr->id) != encr) {
		crypto_fail(err, CRYPTO_UNSUPPORTED, "SK cipher not supported");
		return NULL;
	}
	if (sk_e.len <= encr->salt_size ||
	    !encr_key_bits_ok(encr, (unsigned)(sk_e.len - encr->salt_size) * 8)) {
		crypto_fail(err, CRYPTO_UNSUPPORTED, "SK_e length not a valid key size");
		return NULL;
	}
	struct sk_cipher *c = xzalloc(sizeof(*c));
	c->encr = encr;
	c->integ = integ;
	struct bytes key = BYTES(sk_e.ptr, sk_e.len - encr->salt_size);
	struct bytes salt = BYTES(sk_e.ptr + key.len, encr->salt_size);
	bool ok = encr->aead ? gcm_cipher_init(c, key, salt, sk_a, err)
			     : cbc_cipher_init(c, key, sk_a, err);
	if (!ok)
		sk_cipher_free(&c);
	return c;
}

void sk_cipher_free(struct sk_cipher **cp)
{
	struct sk_cipher *c = *cp;
	if (c == NULL)
		return;
	aead_key_free(&c->aead);
	secret_free(&c->mac_key);
	secret_free(&c->cbc_key);
	wipe(c->salt, sizeof(c->salt));
	free(c);
	*cp = NULL;
}

/* Octets of (inner payloads | padding | pad length). */
static size_t padded_len(const struct sk_cipher *c, size_t plaintext_len)
{
	size_t b = c->encr->block_size;
	return (plaintext_len + 1 + b - 1) / b * b;
}

size_t sk_body_len(const struct sk_cipher *c, size_t plaintext_len)
{
	return c->encr->iv_size + padded_len(c, plaintext_len) + c->icv_len;
}

static void gcm_nonce(const struct sk_cipher *c, struct bytes iv, uint8_t nonce[AEAD_GCM_NONCE_LEN])
{
	struct wire_out n = wire_out_buf(nonce, AEAD_GCM_NONCE_LEN);
	wire_put_bytes(&n, BYTES(c->salt, sizeof(c->salt)));
	wire_put_bytes(&n, iv);
}

/* ct <- E(padded); icv <- ICV.  iv already chosen. */
static bool seal_cbc(struct sk_cipher *c, struct bytes aad, struct bytes iv,
		     struct bytes padded, uint8_t *ct, uint8_t *icv, struct crypto_error *err)
{
	if (!cbc_crypt(c, true, iv, padded.ptr, padded.len, ct, err))
		return false;
	const struct bytes parts[] = { aad, iv, BYTES(ct, padded.len) };
	return cbc_mac(c, parts, icv, err);
}

static bool seal_gcm(struct sk_cipher *c, struct bytes aad, struct bytes iv,
		     struct bytes padded, uint8_t *ct, uint8_t *icv, struct crypto_error *err)
{
	uint8_t nonce[AEAD_GCM_NONCE_LEN];
	gcm_nonce(c, iv, nonce);
	return aead_seal(c->aead, BYTES(nonce, sizeof(nonce)), aad, padded, ct, icv, err);
}

bool sk_seal(struct sk_cipher *c, struct bytes aad, struct bytes plaintext,
	     uint64_t iv_counter, struct wire_out *out, struct crypto_error *err)
{
	size_t body_len = sk_body_len(c, plaintext.len);
	if (out->overflow || body_len > out->cap - out->len)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "no room for the SK payload body");
	if (body_len > INT_MAX)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "SK payload too long");

	uint8_t iv[SK_MAX_IV];
	struct wire_out ivw = wire_out_buf(iv, c->encr->iv_size);
	if (c->encr->aead)
		wire_put_u64(&ivw, iv_counter);
	else if (!random_bytes(iv, c->encr->iv_size))
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS random generator failed");
	struct bytes ivb = BYTES(iv, c->encr->iv_size);

	/* inner payloads | zero padding | pad length */
	size_t plen = padded_len(c, plaintext.len);
	uint8_t *padded = xmalloc(plen);
	struct wire_out pw = wire_out_buf(padded, plen);
	wire_put_bytes(&pw, plaintext);
	wire_put_zeros(&pw, plen - plaintext.len - 1);
	wire_put_u8(&pw, (uint8_t)(plen - plaintext.len - 1));

	uint8_t *ct = xmalloc(plen);
	uint8_t icv[SK_MAX_ICV];
	bool ok = (c->encr->aead ? seal_gcm : seal_cbc)(c, aad, ivb, BYTES(padded, plen),
							 ct, icv, err);
	if (ok) {
		wire_put_bytes(out, ivb);
		wire_put_bytes(out, BYTES(ct, plen));
		wire_put_bytes(out, BYTES(icv, c->icv_len));
	}
	wipe(padded, plen);
	free(padded);
	free(ct);
	return ok;
}

static bool open_cbc(struct sk_cipher *c, struct bytes aad, struct bytes iv, struct bytes ct,
		     struct bytes icv, uint8_t *padded, struct crypto_error *err)
{
	if (ct.len % c->encr->block_size != 0)
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "SK ciphertext not block aligned");
	uint8_t mac[SK_MAX_ICV];
	const struct bytes parts[] = { aad, iv, ct };
	if (!cbc_mac(c, parts, mac, err))
		return false;
	if (!secret_eq(BYTES(mac, c->icv_len), icv))
		return crypto_fail(err, CRYPTO_AUTH_FAILED, "SK integrity check failed");
	if (!cbc_crypt(c, false, iv, ct.ptr, ct.len, padded, err)) {
		wipe(padded, ct.len);
		return false;
	}
	return true;
}

static bool open_gcm(struct sk_cipher *c, struct bytes aad, struct bytes iv, struct bytes ct,
		     struct bytes icv, uint8_t *padded, struct crypto_error *err)
{
	uint8_t nonce[AEAD_GCM_NONCE_LEN];
	gcm_nonce(c, iv, nonce);
	return aead_open(c->aead, BYTES(nonce, sizeof(nonce)), aad, ct, icv, padded, err);
}

bool sk_open(struct sk_cipher *c, struct bytes aad, struct bytes body,
	     struct chunk *plaintext, struct crypto_error *err)
{
	/* the shortest body carries one block (CBC) or just the pad length */
	size_t min_ct = c->encr->block_size;
	if (body.len > INT_MAX || body.len < c->encr->iv_size + min_ct + c->icv_len)
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "SK payload body too short");
	struct wire_in in = wire_in_bytes(body);
	struct bytes iv, ct, icv;
	size_t ct_len = body.len - c->encr->iv_size - c->icv_len;
	if (!wire_get_bytes(&in, c->encr->iv_size, &iv) ||
	    !wire_get_bytes(&in, ct_len, &ct) ||
	    !wire_get_bytes(&in, c->icv_len, &icv))
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "SK payload body too short");

	uint8_t *padded = xmalloc(ct.len);
	bool ok = (c->encr->aead ? open_gcm : open_cbc)(c, aad, iv, ct, icv, padded, err);
	if (ok) {
		/* RFC 7296 §3.14: the pad length octet is the last one */
		size_t pad = padded[ct.len - 1];
		if (pad + 1 > ct.len) {
			ok = crypto_fail(err, CRYPTO_BAD_PADDING, "SK pad length exceeds the plaintext");
		} else {
			*plaintext = chunk_clone(BYTES(padded, ct.len - pad - 1));
		}
	}
	wipe(padded, ct.len);
	free(padded);
	return ok;
}
