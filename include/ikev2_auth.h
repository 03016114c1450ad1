/*
 * AUTH payload computation for shared-key authentication (RFC 7296
 * §2.15) and for the IKE_AUTH that follows IKE_SESSION_RESUME (RFC 5723
 * §4.3.3).
 *
 *   MACedIDForI = prf(SK_pi, RestOfInitIDPayload)   (likewise R, SK_pr)
 *   signed octets = first message | peer's Nonce Data | MACedID
 *   PSK:     AUTH = prf(prf(secret, "Key Pad for IKEv2"), signed octets)
 *   resume:  AUTH = prf(SK_px, signed octets)
 *
 * RestOfInitIDPayload is the ID payload body after the generic payload
 * header (ID Type, 3 reserved octets, identification data).
 */
#ifndef IKEV2_AUTH_H
#define IKEV2_AUTH_H

#include <stdbool.h>

#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_crypto_error.h"

/* 17 ASCII octets, no NUL (RFC 7296 §2.15). */
#define IKEV2_KEY_PAD "Key Pad for IKEv2"

/* prf(SK_px, ID payload body); out gets prf->out_len octets. */
bool auth_maced_id(const struct prf_desc *prf, struct bytes sk_px, struct bytes id_body,
		   struct chunk *maced_id, struct crypto_error *err);

/* first_message | peer_nonce | maced_id, as one owned buffer. */
struct chunk auth_signed_octets(struct bytes first_message, struct bytes peer_nonce,
				struct bytes maced_id);

/* AUTH data for auth method 2 (Shared Key Message Integrity Code). */
bool auth_psk(const struct prf_desc *prf, struct bytes psk, struct bytes signed_octets,
	      struct chunk *auth, struct crypto_error *err);

/* AUTH data after a resumption: prf(SK_px, signed octets). */
bool auth_resume(const struct prf_desc *prf, struct bytes sk_px, struct bytes signed_octets,
		 struct chunk *auth, struct crypto_error *err);

/*
 * Constant-time comparison of a received AUTH value with the expected
 * one; a length mismatch is a plain mismatch.
 */
bool auth_equal(struct bytes expected, struct bytes received);

#endif
