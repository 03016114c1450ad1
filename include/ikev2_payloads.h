/*
 * The IKEv2 payloads (RFC 7296 §3.3-§3.16, RFC 7383 §2.5) as plain structs.
 *
 * ikev2_<payload>_decode() takes a payload body (what follows the generic
 * header, see ikev2_digest.h), checks it strictly against RFC 7296 §3 and
 * fills the struct; byte fields are views into the body (borrowed, never
 * freed).  On failure it returns false with the reason and the notify to
 * answer (INVALID_SYNTAX unless said otherwise) in *err.  Fields that
 * RFC 7296 says to ignore on receipt (RESERVED) are ignored.
 *
 * ikev2_<payload>_encode() writes the body into a wire_out (the builder in
 * ikev2_builder.h writes the generic header around it).  Encoders write
 * what they are given; round-tripping through decode checks it.
 *
 * Transform types and IDs are carried as raw numbers: ikev2_algs.h names
 * them and policy decides what is acceptable.
 */
#ifndef IKEV2_PAYLOADS_H
#define IKEV2_PAYLOADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_error.h"
#include "ikev2_numbers.h"
#include "wire.h"

/* ---- SA (RFC 7296 §3.3) ---- */

#define IKEV2_SA_MAX_PROPOSALS 32
/* Total over all proposals; Num Transforms alone allows 255 per proposal. */
#define IKEV2_SA_MAX_TRANSFORMS 256

struct ikev2_transform {
	uint8_t type;		/* transform type (ENCR, PRF, INTEG, D-H, ESN, ...) */
	uint16_t id;		/* transform ID within the type */
	uint16_t key_length;	/* Key Length attribute in bits; 0 = attribute absent */
	bool unknown_attribute;	/* had an attribute we do not know: the transform is
				   unacceptable (RFC 7296 §3.3.6), not the message */
};

struct ikev2_proposal {
	uint8_t number;		/* Proposal Num: 1, 2, ... (a response echoes the chosen one) */
	uint8_t protocol;	/* IKEV2_PROTO_IKE / _AH / _ESP */
	uint8_t spi_size;	/* 0 or 8 for IKE, 4 for AH/ESP */
	uint8_t spi[8];		/* spi_size octets */
	unsigned first;		/* index of its first transform in ikev2_sa.transforms */
	unsigned ntransforms;	/* how many, >= 1 */
};

struct ikev2_sa {
	unsigned nproposals;
	struct ikev2_proposal proposals[IKEV2_SA_MAX_PROPOSALS];
	unsigned ntransforms;	/* used entries of transforms[], over all proposals */
	struct ikev2_transform transforms[IKEV2_SA_MAX_TRANSFORMS];
};

bool ikev2_sa_decode(struct bytes body, struct ikev2_sa *sa, struct ikev2_error *err);
void ikev2_sa_encode(struct wire_out *out, const struct ikev2_sa *sa);
/* Transform i (0-based) of proposal p. */
const struct ikev2_transform *ikev2_proposal_transform(const struct ikev2_sa *sa,
							const struct ikev2_proposal *p, unsigned i);
/* Building an SA: start empty (zeroed), add a proposal, then its transforms.
 * Both return false when the struct is full or the SPI is too long. */
bool ikev2_sa_add_proposal(struct ikev2_sa *sa, uint8_t protocol, struct bytes spi);
bool ikev2_sa_add_transform(struct ikev2_sa *sa, uint8_t type, uint16_t id, uint16_t key_length);

/* ---- KE (RFC 7296 §3.4) ---- */

struct ikev2_ke {
	uint16_t group;		/* D-H group number, non-zero */
	struct bytes data;	/* the public value, non-empty */
};

bool ikev2_ke_decode(struct bytes body, struct ikev2_ke *ke, struct ikev2_error *err);
void ikev2_ke_encode(struct wire_out *out, const struct ikev2_ke *ke);

/* ---- Nonce (RFC 7296 §3.9) ---- */

#define IKEV2_NONCE_MIN 16
#define IKEV2_NONCE_MAX 256

bool ikev2_nonce_decode(struct bytes body, struct bytes *nonce, struct ikev2_error *err);
void ikev2_nonce_encode(struct wire_out *out, struct bytes nonce);

/* ---- Notify (RFC 7296 §3.10) ---- */

struct ikev2_notify {
	uint8_t protocol;	/* IKEV2_PROTO_*; 0 whenever spi is empty (RFC 7296
				   §3.10: ignored on receipt without an SPI) */
	uint16_t type;		/* enum ikev2_notify_type, or unknown */
	struct bytes spi;	/* empty, or the 4-octet AH/ESP SPI */
	struct bytes data;	/* notification data, length checked for known types */
};

bool ikev2_notify_decode(struct bytes body, struct ikev2_notify *n, struct ikev2_error *err);
void ikev2_notify_encode(struct wire_out *out, const struct ikev2_notify *n);

/* TICKET_LT_OPAQUE data (RFC 5723 §7.1): lifetime then the ticket. */
struct ikev2_ticket_lt {
	uint32_t lifetime;	/* seconds until the ticket expires */
	struct bytes ticket;	/* non-empty, opaque */
};
bool ikev2_ticket_lt_decode(struct bytes data, struct ikev2_ticket_lt *t, struct ikev2_error *err);
void ikev2_ticket_lt_encode(struct wire_out *out, const struct ikev2_ticket_lt *t);

/* REDIRECT / REDIRECTED_FROM data (RFC 5685 §9.2, §9.3). */
struct ikev2_redirect {
	uint8_t gw_type;	/* enum ikev2_gw_ident_type */
	struct bytes gw;	/* 4 / 16 octets, or a non-empty FQDN */
	struct bytes nonce;	/* REDIRECT in IKE_SA_INIT: the initiator's Ni; else empty */
};
bool ikev2_redirect_decode(struct bytes data, struct ikev2_redirect *r, struct ikev2_error *err);
void ikev2_redirect_encode(struct wire_out *out, const struct ikev2_redirect *r);

/* ---- ID (RFC 7296 §3.5), for IDi and IDr ---- */

struct ikev2_id {
	uint8_t type;		/* enum ikev2_id_type; unknown types are passed through */
	struct bytes data;	/* 4 for IPv4, 16 for IPv6, non-empty otherwise */
};

bool ikev2_id_decode(struct bytes body, struct ikev2_id *id, struct ikev2_error *err);
void ikev2_id_encode(struct wire_out *out, const struct ikev2_id *id);

/* ---- AUTH (RFC 7296 §3.8) ---- */

struct ikev2_auth {
	uint8_t method;		/* enum ikev2_auth_method, non-zero */
	struct bytes data;	/* non-empty */
};

bool ikev2_auth_decode(struct bytes body, struct ikev2_auth *auth, struct ikev2_error *err);
void ikev2_auth_encode(struct wire_out *out, const struct ikev2_auth *auth);

/* ---- CERT and CERTREQ (RFC 7296 §3.6, §3.7) ---- */

#define IKEV2_SHA1_SIZE 20

struct ikev2_cert {
	uint8_t encoding;	/* enum ikev2_cert_encoding, non-zero */
	struct bytes data;	/* CERT: the certificate (non-empty); CERTREQ: the CA
				   list, SHA-1 hashes (a multiple of 20) for X.509 */
};

bool ikev2_cert_decode(struct bytes body, struct ikev2_cert *cert, struct ikev2_error *err);
bool ikev2_certreq_decode(struct bytes body, struct ikev2_cert *req, struct ikev2_error *err);
/* Both payloads share the layout. */
void ikev2_cert_encode(struct wire_out *out, const struct ikev2_cert *cert);

/* ---- TSi / TSr (RFC 7296 §3.13) ---- */

#define IKEV2_TS_MAX 64

struct ikev2_ts {
	uint8_t type;		/* IKEV2_TS_IPV4_ADDR_RANGE or _IPV6_ADDR_RANGE */
	uint8_t ipproto;	/* IP protocol, 0 = any */
	uint16_t start_port;	/* start <= end, or 65535/0 for OPAQUE (§3.13.1) */
	uint16_t end_port;
	uint8_t start[16];	/* 4 or 16 octets used, network order; start <= end */
	uint8_t end[16];
};

struct ikev2_ts_list {
	unsigned count;		/* >= 1 */
	struct ikev2_ts ts[IKEV2_TS_MAX];
};

bool ikev2_ts_decode(struct bytes body, struct ikev2_ts_list *tsl, struct ikev2_error *err);
void ikev2_ts_encode(struct wire_out *out, const struct ikev2_ts_list *tsl);
/* Address length of a TS type: 4, 16, or 0 for an unknown type. */
size_t ikev2_ts_addr_len(uint8_t type);

/* ---- Delete (RFC 7296 §3.11) ---- */

struct ikev2_delete {
	uint8_t protocol;	/* IKE (no SPIs), AH or ESP */
	uint8_t spi_size;	/* 0 for IKE, 4 for AH/ESP */
	uint16_t nspi;
	struct bytes spis;	/* nspi * spi_size octets */
};

bool ikev2_delete_decode(struct bytes body, struct ikev2_delete *del, struct ikev2_error *err);
void ikev2_delete_encode(struct wire_out *out, const struct ikev2_delete *del);
/* SPI i (< nspi) of an AH/ESP delete. */
uint32_t ikev2_delete_spi(const struct ikev2_delete *del, unsigned i);

/* ---- CP (RFC 7296 §3.15) ---- */

#define IKEV2_CP_MAX_ATTRS 64

struct ikev2_cp_attr {
	uint16_t type;		/* enum ikev2_cp_attr_type, or unknown (R bit dropped) */
	struct bytes value;	/* length checked for known types */
};

struct ikev2_cp {
	uint8_t cfg_type;	/* enum ikev2_cfg_type */
	unsigned nattrs;
	struct ikev2_cp_attr attrs[IKEV2_CP_MAX_ATTRS];
};

bool ikev2_cp_decode(struct bytes body, struct ikev2_cp *cp, struct ikev2_error *err);
void ikev2_cp_encode(struct wire_out *out, const struct ikev2_cp *cp);

/* ---- Vendor ID (§3.12) and EAP (§3.16): opaque bodies ---- */

bool ikev2_vendor_decode(struct bytes body, struct bytes *vid, struct ikev2_error *err);
bool ikev2_eap_decode(struct bytes body, struct bytes *eap, struct ikev2_error *err);
void ikev2_opaque_encode(struct wire_out *out, struct bytes body);

/* ---- SK (RFC 7296 §3.14) and SKF (RFC 7383 §2.5) ---- */

#define IKEV2_SKF_HEADER_SIZE 4	/* Fragment Number, Total Fragments */

struct ikev2_sk {
	uint8_t first_inner;	/* the SK payload's Next Payload */
	struct bytes body;	/* IV | ciphertext | ICV, for the crypto layer */
};

struct ikev2_skf {
	uint8_t first_inner;	/* fragment 1: first inner payload; others: 0 */
	uint16_t number;	/* 1 <= number <= total */
	uint16_t total;
	struct bytes body;	/* IV | ciphertext | ICV of this fragment */
};

/* `next` is the payload's Next Payload field (ikev2_payload.next). */
bool ikev2_sk_decode(struct bytes body, uint8_t next, struct ikev2_sk *sk, struct ikev2_error *err);
/* Bad fragment numbers are a silent drop (RFC 7383 §2.6). */
bool ikev2_skf_decode(struct bytes body, uint8_t next, struct ikev2_skf *skf, struct ikev2_error *err);

#endif
