/*
 * Digital Signature authentication (RFC 7427, AUTH method 14) over NSS.
 *
 * The AUTH data of method 14 is
 *
 *   ASN.1 length (1 octet) | AlgorithmIdentifier (DER) | signature value
 *
 * and the signature covers the same octets as a PSK MAC (RFC 7296
 * §2.15): first message | peer's nonce | prf(SK_px, ID payload body),
 * see auth_signed_octets() in ikev2_auth.h.
 *
 * Supported AlgorithmIdentifiers (RFC 7427 appendix A):
 *   ecdsa-with-SHA256/384/512 (signature: DER Ecdsa-Sig-Value, RFC 3279)
 *   RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32 (signature: RFC 8017)
 *   sha256/384/512WithRSAEncryption (PKCS#1 v1.5)
 * A received AlgorithmIdentifier must be byte for byte one of these (for
 * PSS also the form with the DEFAULT trailerField spelled out, as in
 * RFC 7427 A.4.3): no ASN.1 parsing of peer data, and no algorithm is
 * accepted that we did not choose to support.
 *
 * Also the SIGNATURE_HASH_ALGORITHMS notify data (RFC 7427 §4): a list
 * of 16-bit hash algorithm numbers.
 */
#ifndef IKEV2_SIGNATURE_H
#define IKEV2_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <keythi.h>

#include "chunk.h"
#include "ikev2_crypto_error.h"

/* IANA "IKEv2 Hash Algorithms" (RFC 7427 §7). */
enum ikev2_sighash {
	IKEV2_SIGHASH_SHA1 = 1,
	IKEV2_SIGHASH_SHA2_256 = 2,
	IKEV2_SIGHASH_SHA2_384 = 3,
	IKEV2_SIGHASH_SHA2_512 = 4,
	IKEV2_SIGHASH_IDENTITY = 5,	/* RFC 8420 */
};

enum ikev2_sig_alg {
	IKEV2_SIG_NONE = 0,
	IKEV2_SIG_ECDSA_SHA256,
	IKEV2_SIG_ECDSA_SHA384,
	IKEV2_SIG_ECDSA_SHA512,
	IKEV2_SIG_RSA_PSS_SHA256,
	IKEV2_SIG_RSA_PKCS1_SHA256,
	IKEV2_SIG_RSA_PKCS1_SHA384,	/* verified; we sign with SHA-256 */
	IKEV2_SIG_RSA_PKCS1_SHA512,
};

struct ikev2_sig_desc {
	enum ikev2_sig_alg alg;
	const char *name;		/* for logs, e.g. "ecdsa-sha2_256" */
	enum ikev2_sighash hash;	/* for SIGNATURE_HASH_ALGORITHMS */
	KeyType key_type;		/* ecKey or rsaKey */
	struct bytes der;		/* the AlgorithmIdentifier we send */
	struct bytes der_alt;		/* also accepted on input (may be empty) */
};

const struct ikev2_sig_desc *ikev2_sig_by_alg(enum ikev2_sig_alg alg);

/*
 * The algorithm to sign with for this key: ECDSA with the hash matching
 * the curve size (P-256: SHA-256, P-384: SHA-384, P-521: SHA-512), RSA:
 * RSASSA-PSS SHA-256, or PKCS#1 v1.5 SHA-256 when rsa_pkcs1 is set.  If
 * peer_hashes (a bit mask: 1 << enum ikev2_sighash; 0 when the peer
 * sent no SIGNATURE_HASH_ALGORITHMS) does not hold that hash, SHA-256 is
 * used if the peer lists it.  NULL for other key types.
 */
const struct ikev2_sig_desc *ikev2_sig_choose(const SECKEYPrivateKey *key, bool rsa_pkcs1,
					      unsigned peer_hashes);

/* AUTH data (length | AlgorithmIdentifier | signature) over octets. */
bool ikev2_sig_sign(const struct ikev2_sig_desc *sig, SECKEYPrivateKey *key, struct bytes octets,
		    struct chunk *auth_data, struct crypto_error *err);

/*
 * Verify received AUTH data over octets with the peer's public key.
 * Fails with CRYPTO_UNSUPPORTED for an AlgorithmIdentifier not in the
 * list or not matching the key type, CRYPTO_BAD_LENGTH for malformed
 * data, CRYPTO_AUTH_FAILED for a signature that does not verify.  On
 * success *used (if not NULL) names the algorithm.
 */
bool ikev2_sig_verify(const SECKEYPublicKey *key, struct bytes auth_data, struct bytes octets,
		      const struct ikev2_sig_desc **used, struct crypto_error *err);

/* SIGNATURE_HASH_ALGORITHMS data we send: SHA2-256, SHA2-384, SHA2-512. */
struct bytes ikev2_sig_hashes_ours(void);
/* Received notify data to a mask of 1 << hash; unknown numbers ignored,
 * an odd length gives 0 (the notify codec already refuses it). */
unsigned ikev2_sig_hashes_decode(struct bytes data);

#endif
