/*
 * The IKEv2 pseudorandom functions (RFC 7296 §2.13, RFC 4868 §2.1.2):
 * prf(K, S) is HMAC-<hash>(K, S), untruncated; prf+ expands it.
 *
 * Outputs are struct secret (wiped on free): PRF outputs are keys or
 * key seeds.  Inputs can be given in parts so that callers never build
 * temporary concatenations of secrets (g^ir | Ni | Nr).
 */
#ifndef IKEV2_PRF_H
#define IKEV2_PRF_H

#include <stdbool.h>
#include <stddef.h>

#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_crypto_error.h"

/* RFC 7296 §2.13: the counter octet of prf+ runs from 0x01 to 0xff. */
#define PRF_PLUS_MAX_BLOCKS 255

/* prf(key, data): out gets prf->out_len octets. */
bool prf_compute(const struct prf_desc *p, struct bytes key, struct bytes data,
	 struct secret *out, struct crypto_error *err);
/* prf(key, parts[0] | parts[1] | ...). */
bool prf_compute_v(const struct prf_desc *p, struct bytes key, const struct bytes *parts,
	   size_t nparts, struct secret *out, struct crypto_error *err);

/*
 * prf+(key, S) truncated to len octets, S = seed[0] | seed[1] | ...:
 *   T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n), out = T1 | T2 | ...
 * len above PRF_PLUS_MAX_BLOCKS * prf->out_len fails (CRYPTO_BAD_REQUEST).
 */
bool prf_plus(const struct prf_desc *p, struct bytes key, const struct bytes *seed,
	      size_t nseed, size_t len, struct secret *out, struct crypto_error *err);

#endif
