/*
 * Key exchange for the KE payload: MODP group 14 (RFC 3526), ECP groups
 * 19/20/21 (RFC 5903) and Curve25519, group 31 (RFC 8031), over NSS.
 *
 * Public values are in IKEv2 KE payload format:
 *   MODP:       big-endian, left-padded to the prime length (RFC 7296 §3.4)
 *   ECP:        x | y, each padded to the field size, no 0x04 (RFC 5903 §7)
 *   Curve25519: the 32-octet u coordinate (RFC 8031 §3.1)
 * and g^ir is returned as RFC 7296 §2.14 wants it: MODP left-padded to
 * the prime length, ECP the x coordinate (RFC 5903 §7), X25519 32 octets.
 *
 * Peer values are validated before use (RFC 6989, RFC 8031 §3.2):
 * exact length; MODP 1 < y < p-1; ECP point on the curve (NSS checks it
 * during derivation; a failure there is reported as a bad public value);
 * X25519 top bit masked and an all-zero shared secret refused.
 */
#ifndef IKEV2_DH_H
#define IKEV2_DH_H

#include <stdbool.h>

#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_crypto_error.h"

/* Our ephemeral key pair for one exchange (NSS objects inside). */
struct dh_keypair;

bool dh_keypair_new(const struct dh_desc *group, struct dh_keypair **kp,
		    struct crypto_error *err);
void dh_keypair_free(struct dh_keypair **kp);
const struct dh_desc *dh_keypair_group(const struct dh_keypair *kp);
/* Our KE data, group->ke_len octets, valid until the pair is freed. */
struct bytes dh_keypair_public(const struct dh_keypair *kp);

/*
 * The checks that need no private key: length (CRYPTO_BAD_LENGTH) and
 * MODP range (CRYPTO_BAD_PUBLIC_VALUE).  dh_shared_secret() runs them too.
 */
bool dh_check_peer(const struct dh_desc *group, struct bytes peer, struct crypto_error *err);

/* g^ir from the peer's KE data; on failure *g_ir is untouched. */
bool dh_shared_secret(const struct dh_keypair *kp, struct bytes peer, struct secret *g_ir,
		      struct crypto_error *err);

/*
 * A key pair from a known private value, for known-answer tests (RFC 5903
 * §8, RFC 7748 §6.1) and deterministic tools; never used for real
 * exchanges.  ECP: private is the big-endian scalar, public the KE data
 * (x | y).  X25519: both 32 octets as in RFC 7748.  MODP is not
 * supported (CRYPTO_UNSUPPORTED).
 */
bool dh_keypair_import(const struct dh_desc *group, struct bytes private_value,
		       struct bytes public_value, struct dh_keypair **kp,
		       struct crypto_error *err);

#endif
