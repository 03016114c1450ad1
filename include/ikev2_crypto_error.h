/*
 * How the crypto core reports failure.  Every fallible function returns
 * false and, when given a non-NULL struct crypto_error, says what went
 * wrong: a status the daemon maps to a protocol reaction, a fixed reason
 * string for the log, and the NSS error number when NSS refused.
 *
 * Reason strings are static and never contain key material.
 */
#ifndef IKEV2_CRYPTO_ERROR_H
#define IKEV2_CRYPTO_ERROR_H

#include <stdbool.h>

enum crypto_status {
	CRYPTO_OK = 0,
	/* algorithm, group or key size not implemented: NO_PROPOSAL_CHOSEN
	 * or INVALID_KE_PAYLOAD, depending on where it was chosen */
	CRYPTO_UNSUPPORTED,
	/* peer data of the wrong size (KE data, SK body, ICV): INVALID_SYNTAX */
	CRYPTO_BAD_LENGTH,
	/* peer public value out of range or not on the curve, or a
	 * degenerate shared secret: INVALID_SYNTAX */
	CRYPTO_BAD_PUBLIC_VALUE,
	/* ICV / AEAD tag mismatch: drop the message silently (RFC 7296 §2.21.2) */
	CRYPTO_AUTH_FAILED,
	/* decrypted padding inconsistent (only after the ICV verified) */
	CRYPTO_BAD_PADDING,
	/* a caller asked for something no valid use needs (prf+ beyond 255
	 * blocks, an output buffer of the wrong size): a bug, not an attack */
	CRYPTO_BAD_REQUEST,
	/* NSS refused an operation that should work: internal error */
	CRYPTO_NSS_FAILURE,
};

struct crypto_error {
	enum crypto_status status;
	const char *reason;	/* static text, for logs */
	int nss_error;		/* PR_GetError() for CRYPTO_NSS_FAILURE (and for
				 * NSS-detected bad public values), else 0 */
};

/* "OK", "UNSUPPORTED", ... */
const char *crypto_status_name(enum crypto_status s);

/* Records a failure in err (which may be NULL); always returns false. */
bool crypto_fail(struct crypto_error *err, enum crypto_status s, const char *reason);
/* As crypto_fail, also recording the pending NSS error number. */
bool crypto_fail_nss(struct crypto_error *err, enum crypto_status s, const char *reason);

#endif
