/*
 * Protection of the Encrypted and Authenticated (SK) payload body,
 * RFC 7296 §3.14 and, for AES-GCM, RFC 5282.
 *
 * The body (what follows the SK generic payload header) is
 *     IV | ciphertext of (inner payloads | padding | pad length) | ICV
 * The caller builds the message up to and including the SK payload
 * header, with lengths taken from sk_body_len(), and passes those octets
 * as the associated data:
 *   AES-CBC + HMAC: ICV = MAC(aad | IV | ciphertext), truncated;
 *   AES-GCM:        AAD = aad (IKE header .. SK payload header),
 *                   nonce = salt (last 4 octets of SK_e) | 8-octet IV.
 *
 * One struct sk_cipher protects one direction of one IKE SA: SK_ei/SK_ai
 * or SK_er/SK_ar.  It holds the keys imported into NSS, so sealing and
 * opening cost no per-message key setup.
 */
#ifndef IKEV2_SK_H
#define IKEV2_SK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_crypto_error.h"
#include "wire.h"

struct sk_cipher;

/*
 * encr AEAD: integ must be the NONE descriptor, sk_e = key | 4-octet
 * salt, sk_a empty.  encr AES-CBC: integ an HMAC, sk_a its key.  The key
 * length is sk_e's.  NULL (err set) on a mismatch or NSS failure.
 */
struct sk_cipher *sk_cipher_new(const struct encr_desc *encr, const struct integ_desc *integ,
				struct bytes sk_e, struct bytes sk_a, struct crypto_error *err);
void sk_cipher_free(struct sk_cipher **c);

/* Exact SK body length for plaintext_len octets of inner payloads. */
size_t sk_body_len(const struct sk_cipher *c, size_t plaintext_len);

/*
 * Appends the SK body for plaintext to out (exactly sk_body_len() octets)
 * or, on failure, nothing.  aad is normally the octets already in out.
 * iv_counter makes the AES-GCM IV; it must never repeat under one key
 * (a per-SA message counter will do).  AES-CBC ignores it and uses a
 * random IV (RFC 7296 §3.14: IVs must be unpredictable).
 */
bool sk_seal(struct sk_cipher *c, struct bytes aad, struct bytes plaintext,
	     uint64_t iv_counter, struct wire_out *out, struct crypto_error *err);

/*
 * Verifies and decrypts an SK body; on success *plaintext is the inner
 * payloads (owned).  Failures, with *plaintext untouched and nothing
 * decrypted left behind: CRYPTO_BAD_LENGTH (too short, CBC ciphertext
 * not block aligned), CRYPTO_AUTH_FAILED (ICV/tag), CRYPTO_BAD_PADDING.
 */
bool sk_open(struct sk_cipher *c, struct bytes aad, struct bytes body,
	     struct chunk *plaintext, struct crypto_error *err);

#endif
