/*
 * HMAC over NSS, the engine behind the PRFs (RFC 2104 via RFC 4868) and
 * the integrity transforms.  A struct hmac_key holds the key imported
 * into NSS and a signing context, so repeated MACs under one key (prf+
 * blocks, the ICV of every message of an SA) pay for the import once.
 *
 * Any key length works, including keys longer than the hash block (NSS
 * hashes them, RFC 2104 §2) and the empty key.
 */
#ifndef IKEV2_HMAC_H
#define IKEV2_HMAC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_crypto_error.h"

struct hmac_key;

/* NULL (and err set) when the hash is unsupported or NSS fails. */
struct hmac_key *hmac_key_new(enum ikev2_hash hash, struct bytes key, struct crypto_error *err);
/* Destroys the NSS objects; *k becomes NULL.  NULL is fine. */
void hmac_key_free(struct hmac_key **k);
size_t hmac_out_len(const struct hmac_key *k);

/*
 * HMAC of the concatenation of parts[0..nparts), truncated to out_len
 * octets (1 .. hash length), into out.  Parts avoid copying secrets into
 * temporary concatenations.
 */
bool hmac_sign(struct hmac_key *k, const struct bytes *parts, size_t nparts,
	       uint8_t *out, size_t out_len, struct crypto_error *err);

#endif
