/* prf and prf+ (RFC 7296 §2.13) over the NSS HMAC engine. */
#include <string.h>

#include "ikev2_hmac.h"
#include "ikev2_prf.h"

/* Largest seed split the key schedule uses, plus prf+'s own two parts. */
#define PRF_MAX_PARTS 8

bool prf_compute_v(const struct prf_desc *p, struct bytes key, const struct bytes *parts,
	   size_t nparts, struct secret *out, struct crypto_error *err)
{
	struct hmac_key *k = hmac_key_new(p->hash, key, err);
	if (k == NULL)
		return false;
	struct secret s = secret_alloc(p->out_len);
	bool ok = hmac_sign(k, parts, nparts, s.ptr, s.len, err);
	hmac_key_free(&k);
	if (!ok) {
		secret_free(&s);
		return false;
	}
	*out = s;
	return true;
}

bool prf_compute(const struct prf_desc *p, struct bytes key, struct bytes data,
	 struct secret *out, struct crypto_error *err)
{
	return prf_compute_v(p, key, &data, 1, out, err);
}

bool prf_plus(const struct prf_desc *p, struct bytes key, const struct bytes *seed,
	      size_t nseed, size_t len, struct secret *out, struct crypto_error *err)
{
	size_t blocks = (len + p->out_len - 1) / p->out_len;
	if (blocks > PRF_PLUS_MAX_BLOCKS)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "prf+ output beyond 255 blocks");
	if (nseed + 2 > PRF_MAX_PARTS)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "prf+ seed in too many parts");

	struct hmac_key *k = hmac_key_new(p->hash, key, err);
	if (k == NULL)
		return false;
	struct secret s = secret_alloc(len);
	uint8_t t[IKEV2_HASH_MAX_LEN];	/* T(n-1), then T(n) */
	size_t done = 0;
	bool ok = true;
	for (size_t n = 1; n <= blocks && ok; n++) {
		uint8_t counter = (uint8_t)n;
		struct bytes parts[PRF_MAX_PARTS];
		size_t np = 0;
		if (n > 1)
			parts[np++] = BYTES(t, p->out_len);
		for (size_t i = 0; i < nseed; i++)
			parts[np++] = seed[i];
		parts[np++] = BYTES(&counter, 1);
		ok = hmac_sign(k, parts, np, t, p->out_len, err);
		size_t take = len - done < p->out_len ? len - done : p->out_len;
		if (ok)
			memcpy(s.ptr + done, t, take);
		done += take;
	}
	wipe(t, sizeof(t));
	hmac_key_free(&k);
	if (!ok) {
		secret_free(&s);
		return false;
	}
	*out = s;
	return true;
}
