/*
 * The IKEv2 key schedule: SKEYSEED for a new, resumed or rekeyed IKE SA,
 * the seven IKE SA keys, and Child SA KEYMAT.
 *
 *   SKEYSEED         = prf(Ni | Nr, g^ir)                  RFC 7296 §2.14
 *   SKEYSEED(resume) = prf(SK_d_old, "Resumption" | Ni | Nr)  RFC 5723 §5.1
 *   SKEYSEED(rekey)  = prf(SK_d_old, g^ir_new | Ni | Nr)   RFC 7296 §2.18
 *   {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
 *                    = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)  §2.14
 *   KEYMAT           = prf+(SK_d, [g^ir_new |] Ni | Nr)    §2.17
 *
 * Nonces are the Nonce Data without payload headers; SPIs are 8 octets
 * each; g^ir is as ikev2_dh.h returns it (left-padded to the group size).
 * Only HMAC PRFs are supported, so "Ni | Nr" is the whole PRF key (the
 * fixed-key-size rule for AES-XCBC-style PRFs does not apply).
 */
#ifndef IKEV2_KEYS_H
#define IKEV2_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_crypto_error.h"

/* The keys of one IKE SA; all owned, wiped by ike_keys_free(). */
struct ike_keys {
	struct secret sk_d;	/* seeds Child SA keymat, rekey and resumption */
	struct secret sk_ai;	/* integrity, initiator->responder (empty for AEAD) */
	struct secret sk_ar;	/* integrity, responder->initiator (empty for AEAD) */
	struct secret sk_ei;	/* encryption (+ AEAD salt), initiator->responder */
	struct secret sk_er;	/* encryption (+ AEAD salt), responder->initiator */
	struct secret sk_pi;	/* initiator's AUTH computation (MACedIDForI) */
	struct secret sk_pr;	/* responder's AUTH computation (MACedIDForR) */
};

/* RFC 5723 §5.1 label: 10 ASCII octets, no NUL. */
#define IKEV2_RESUMPTION_LABEL "Resumption"

bool ikev2_skeyseed(const struct prf_desc *prf, struct bytes ni, struct bytes nr,
		    struct bytes g_ir, struct secret *skeyseed, struct crypto_error *err);
bool ikev2_skeyseed_resume(const struct prf_desc *prf, struct bytes sk_d_old,
			   struct bytes ni, struct bytes nr, struct secret *skeyseed,
			   struct crypto_error *err);
/* prf is the OLD IKE SA's PRF (RFC 7296 §2.18). */
bool ikev2_skeyseed_rekey(const struct prf_desc *prf, struct bytes sk_d_old,
			  struct bytes g_ir_new, struct bytes ni, struct bytes nr,
			  struct secret *skeyseed, struct crypto_error *err);

/* Total octets of {SK_d .. SK_pr} for these transforms. */
size_t ike_keymat_len(const struct ike_algs *algs);

/*
 * The seven keys from SKEYSEED; lengths from algs (SK_d, SK_p*: PRF
 * output; SK_a*: INTEG key, 0 for AEAD; SK_e*: key + salt).  On failure
 * *keys is left all-empty.
 */
bool ike_keys_derive(const struct ike_algs *algs, struct bytes skeyseed,
		     struct bytes ni, struct bytes nr, struct bytes spii, struct bytes spir,
		     struct ike_keys *keys, struct crypto_error *err);
/* Wipes and frees every key; safe on a zeroed or already freed struct. */
void ike_keys_free(struct ike_keys *keys);

/* Octets of Child SA KEYMAT: both directions of encr key+salt, integ key. */
size_t child_keymat_len(const struct encr_desc *encr, unsigned encr_key_bits,
			const struct integ_desc *integ);
/* KEYMAT = prf+(SK_d, [g^ir_new |] Ni | Nr); g_ir_new.len == 0 for no PFS. */
bool child_keymat(const struct prf_desc *prf, struct bytes sk_d, struct bytes g_ir_new,
		  struct bytes ni, struct bytes nr, size_t len, struct secret *keymat,
		  struct crypto_error *err);

#endif
