/*
 * AES-GCM (NIST SP 800-38D) as an AEAD primitive over NSS: the engine
 * under SK payload protection with ENCR_AES_GCM_* (RFC 5282) and under
 * ticket sealing.  A struct aead_key holds the key imported into NSS and
 * one NSS message context per direction, created on first use, so every
 * message costs a single NSS call.
 *
 * Nonces are 12 octets (salt | IV in IKEv2); the caller guarantees a
 * nonce is never reused under one key.
 */
#ifndef IKEV2_AEAD_H
#define IKEV2_AEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_crypto_error.h"

#define AEAD_GCM_NONCE_LEN 12
#define AEAD_GCM_MAX_TAG_LEN 16

struct aead_key;

/* key: 16, 24 or 32 octets; tag_len: 4 .. 16 (IKEv2 uses 8, 12, 16). */
struct aead_key *aead_gcm_key_new(struct bytes key, size_t tag_len, struct crypto_error *err);
void aead_key_free(struct aead_key **k);
size_t aead_tag_len(const struct aead_key *k);

/* ct gets pt.len octets, tag gets aead_tag_len() octets. */
bool aead_seal(struct aead_key *k, struct bytes nonce, struct bytes aad, struct bytes pt,
	       uint8_t *ct, uint8_t *tag, struct crypto_error *err);

/*
 * pt gets ct.len octets.  On any failure (CRYPTO_AUTH_FAILED for a tag
 * mismatch) pt is wiped: no unauthenticated plaintext escapes.
 */
bool aead_open(struct aead_key *k, struct bytes nonce, struct bytes aad, struct bytes ct,
	       struct bytes tag, uint8_t *pt, struct crypto_error *err);

#endif
