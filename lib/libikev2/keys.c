/* The IKEv2 key schedule (RFC 7296 §2.14, §2.17, §2.18; RFC 5723 §5.1). */
#include <string.h>

#include "ikev2_keys.h"
#include "ikev2_prf.h"

bool ikev2_skeyseed(const struct prf_desc *prf, struct bytes ni, struct bytes nr,
		    struct bytes g_ir, struct secret *skeyseed, struct crypto_error *err)
{
	/* the key is the concatenated nonces: public, so a plain chunk */
	struct chunk key = chunk_concat(ni, nr);
	bool ok = prf_compute(prf, chunk_bytes(key), g_ir, skeyseed, err);
	chunk_free(&key);
	return ok;
}

bool ikev2_skeyseed_resume(const struct prf_desc *prf, struct bytes sk_d_old,
			   struct bytes ni, struct bytes nr, struct secret *skeyseed,
			   struct crypto_error *err)
{
	const struct bytes parts[] = {
		BYTES(IKEV2_RESUMPTION_LABEL, strlen(IKEV2_RESUMPTION_LABEL)), ni, nr,
	};
	return prf_compute_v(prf, sk_d_old, parts, 3, skeyseed, err);
}

bool ikev2_skeyseed_rekey(const struct prf_desc *prf, struct bytes sk_d_old,
			  struct bytes g_ir_new, struct bytes ni, struct bytes nr,
			  struct secret *skeyseed, struct crypto_error *err)
{
	const struct bytes parts[] = { g_ir_new, ni, nr };
	return prf_compute_v(prf, sk_d_old, parts, 3, skeyseed, err);
}

size_t ike_keymat_len(const struct ike_algs *algs)
{
	size_t e = encr_keymat_len(algs->encr, algs->encr_key_bits);
	return 3 * algs->prf->out_len + 2 * algs->integ->key_len + 2 * e;
}

/* Slices the next n octets of the prf+ stream into an owned secret. */
static struct secret take_key(const struct secret *stream, size_t *off, size_t n)
{
	struct secret s = secret_clone(BYTES(stream->ptr + *off, n));
	*off += n;
	return s;
}

static bool ike_algs_usable(const struct ike_algs *algs, struct crypto_error *err)
{
	if (algs->encr == NULL || algs->prf == NULL || algs->integ == NULL)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "IKE transforms incomplete");
	if (!encr_key_bits_ok(algs->encr, algs->encr_key_bits))
		return crypto_fail(err, CRYPTO_UNSUPPORTED, "encryption key length not supported");
	if (algs->encr->aead != (algs->integ->id == IKEV2_INTEG_NONE))
		return crypto_fail(err, CRYPTO_BAD_REQUEST,
				   "INTEG must be NONE exactly when ENCR is AEAD");
	return true;
}

bool ike_keys_derive(const struct ike_algs *algs, struct bytes skeyseed,
		     struct bytes ni, struct bytes nr, struct bytes spii, struct bytes spir,
		     struct ike_keys *keys, struct crypto_error *err)
{
	*keys = (struct ike_keys){ 0 };
	if (!ike_algs_usable(algs, err))
		return false;
	const struct bytes seed[] = { ni, nr, spii, spir };
	struct secret stream;
	if (!prf_plus(algs->prf, skeyseed, seed, 4, ike_keymat_len(algs), &stream, err))
		return false;
	size_t prf_len = algs->prf->out_len;
	size_t integ_len = algs->integ->key_len;
	size_t encr_len = encr_keymat_len(algs->encr, algs->encr_key_bits);
	size_t off = 0;
	keys->sk_d = take_key(&stream, &off, prf_len);
	keys->sk_ai = take_key(&stream, &off, integ_len);
	keys->sk_ar = take_key(&stream, &off, integ_len);
	keys->sk_ei = take_key(&stream, &off, encr_len);
	keys->sk_er = take_key(&stream, &off, encr_len);
	keys->sk_pi = take_key(&stream, &off, prf_len);
	keys->sk_pr = take_key(&stream, &off, prf_len);
	secret_free(&stream);
	return true;
}

void ike_keys_free(struct ike_keys *keys)
{
	secret_free(&keys->sk_d);
	secret_free(&keys->sk_ai);
	secret_free(&keys->sk_ar);
	secret_free(&keys->sk_ei);
	secret_free(&keys->sk_er);
	secret_free(&keys->sk_pi);
	secret_free(&keys->sk_pr);
}

size_t child_keymat_len(const struct encr_desc *encr, unsigned encr_key_bits,
			const struct integ_desc *integ)
{
	return 2 * (encr_keymat_len(encr, encr_key_bits) + integ->key_len);
}

bool child_keymat(const struct prf_desc *prf, struct bytes sk_d, struct bytes g_ir_new,
		  struct bytes ni, struct bytes nr, size_t len, struct secret *keymat,
		  struct crypto_error *err)
{
	const struct bytes seed[] = { g_ir_new, ni, nr };
	return prf_plus(prf, sk_d, seed, 3, len, keymat, err);
}
