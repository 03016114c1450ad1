/*
 * Proposals from ike= and esp= strings (libreswan syntax) and the choice
 * of one proposal from a peer's SA payload.
 *
 *   ike=aes_gcm256-sha2_256;dh19+dh31,aes256-sha2_256-modp2048
 *   esp=aes_gcm256,aes128-sha2_256
 *
 * ',' separates proposals; within one, '-' separates transform types,
 * '+' lists alternatives of one type and ';' introduces the DH groups
 * (the older form puts the group last after a '-').  For IKE a non-AEAD
 * cipher's second element names both the PRF and the integrity
 * algorithm; an AEAD cipher's names the PRF.
 */
#ifndef PROPOSALS_H
#define PROPOSALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROPOSALS_MAX 8
#define PROPOSAL_ALTS_MAX 8

struct proposal {
	size_t n_encr, n_prf, n_integ, n_dh;
	uint16_t encr[PROPOSAL_ALTS_MAX];
	uint16_t encr_bits[PROPOSAL_ALTS_MAX];	/* key length per encr */
	uint16_t prf[PROPOSAL_ALTS_MAX];	/* IKE only */
	uint16_t integ[PROPOSAL_ALTS_MAX];	/* none for AEAD */
	uint16_t dh[PROPOSAL_ALTS_MAX];		/* IKE: required; ESP: PFS groups */
};

struct proposals {
	size_t n;
	struct proposal p[PROPOSALS_MAX];
};

#define DEFAULT_IKE_PROPOSALS "aes_gcm256-sha2_256+sha2_512;dh19+dh31+dh20+dh21+dh14,aes256-sha2_256+sha2_512;dh19+dh31+dh14"
#define DEFAULT_ESP_PROPOSALS "aes_gcm256,aes256-sha2_256"

/* NULL on success, else a reason naming the bad element. */
const char *proposals_parse(const char *text, bool ike, struct proposals *out, char *why, size_t whylen);
/* Print in the same syntax (for status). */
const char *proposals_str(const struct proposals *ps, bool ike, char *buf, size_t len);

/* SA payloads. */
#include "chunk.h"
#include "ikev2_algs.h"
#include "ikev2_payloads.h"

/* The negotiated transforms of a Child SA (ESP). */
struct child_algs {
	const struct encr_desc *encr;
	uint16_t encr_key_bits;
	const struct integ_desc *integ;	/* the NONE descriptor for AEAD */
	const struct dh_desc *dh;	/* PFS group, NULL when none */
	bool esn;
};

/* Our proposals as an SA payload; spi: empty for IKE_SA_INIT, 4 octets for ESP. */
void proposals_to_sa(const struct proposals *ps, bool ike, struct bytes spi, struct ikev2_sa *sa);

/* Choose from a peer's SA what one of our proposals allows.  prefer_dh:
 * the group of the peer's KE payload, chosen when acceptable.  On success
 * `chosen` holds the single proposal to echo (with the peer's number and
 * SPI).  For a response the peer must have sent exactly that. */
bool proposals_select_ike(const struct ikev2_sa *peer, const struct proposals *ours, uint16_t prefer_dh,
			  struct ike_algs *algs, struct ikev2_sa *chosen);
bool proposals_select_esp(const struct ikev2_sa *peer, const struct proposals *ours, bool want_pfs,
			  struct child_algs *algs, struct ikev2_sa *chosen, uint32_t *peer_spi);
/* A response must echo one proposal with one transform per type. */
bool proposals_sa_is_single(const struct ikev2_sa *sa);
/* The first DH group of our first proposal (what an initiator guesses). */
uint16_t proposals_first_dh(const struct proposals *ps);
bool proposals_allow_dh(const struct proposals *ps, uint16_t group);
/* "AES_GCM_16_256-HMAC_SHA2_256-DH19" for logs and status. */
const char *ike_algs_str(const struct ike_algs *a, char *buf, size_t len);

#endif
