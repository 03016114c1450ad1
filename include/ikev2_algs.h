/*
 * IKEv2 transform tables: the algorithms this implementation supports,
 * with the IANA numbers (RFC 7296 §3.3.2, RFC 4868, RFC 5282, RFC 5903,
 * RFC 8031; see ../shared/rfc/iana-ikev2-numbers.md) and the sizes the
 * key schedule and the SK payload need.
 *
 * Lookups by wire id answer NULL for anything unsupported, so a proposal
 * parser can simply skip such transforms.  Lookups by name accept the
 * libreswan-style spellings used in ike= / esp= proposal strings.
 *
 * No NSS types appear here: parsers and the proposal code include this
 * header without caring how the algorithms are implemented.
 */
#ifndef IKEV2_ALGS_H
#define IKEV2_ALGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ikev2_trans_type {
	IKEV2_TRANS_ENCR = 1,
	IKEV2_TRANS_PRF = 2,
	IKEV2_TRANS_INTEG = 3,
	IKEV2_TRANS_DH = 4,	/* "Key Exchange Method" in newer RFCs */
	IKEV2_TRANS_ESN = 5,
};

enum ikev2_encr_id {
	IKEV2_ENCR_AES_CBC = 12,
	IKEV2_ENCR_AES_GCM_8 = 18,
	IKEV2_ENCR_AES_GCM_12 = 19,
	IKEV2_ENCR_AES_GCM_16 = 20,
};

enum ikev2_prf_id {
	IKEV2_PRF_HMAC_SHA1 = 2,
	IKEV2_PRF_HMAC_SHA2_256 = 5,
	IKEV2_PRF_HMAC_SHA2_384 = 6,
	IKEV2_PRF_HMAC_SHA2_512 = 7,
};

enum ikev2_integ_id {
	IKEV2_INTEG_NONE = 0,
	IKEV2_INTEG_HMAC_SHA1_96 = 2,
	IKEV2_INTEG_HMAC_SHA2_256_128 = 12,
	IKEV2_INTEG_HMAC_SHA2_384_192 = 13,
	IKEV2_INTEG_HMAC_SHA2_512_256 = 14,
};

enum ikev2_dh_id {
	IKEV2_DH_NONE = 0,
	IKEV2_DH_MODP2048 = 14,
	IKEV2_DH_ECP256 = 19,
	IKEV2_DH_ECP384 = 20,
	IKEV2_DH_ECP521 = 21,
	IKEV2_DH_CURVE25519 = 31,
};

enum ikev2_esn_id {
	IKEV2_ESN_NO = 0,
	IKEV2_ESN_YES = 1,
};

/* The Key Length transform attribute (RFC 7296 §3.3.5), TV format. */
#define IKEV2_ATTR_KEY_LENGTH 14

/* The hash functions behind the HMAC PRFs and integrity algorithms. */
enum ikev2_hash {
	IKEV2_HASH_NONE = 0,
	IKEV2_HASH_SHA1,
	IKEV2_HASH_SHA2_256,
	IKEV2_HASH_SHA2_384,
	IKEV2_HASH_SHA2_512,
};

/* Largest hash output (SHA-512), for stack buffers. */
#define IKEV2_HASH_MAX_LEN 64

size_t ikev2_hash_len(enum ikev2_hash h);

struct encr_desc {
	uint16_t id;		/* enum ikev2_encr_id */
	const char *name;	/* printed name, e.g. "AES_GCM_16" */
	bool aead;		/* integrity built in: INTEG must be NONE */
	size_t block_size;	/* plaintext+padding alignment; 1 = none needed */
	size_t iv_size;		/* IV octets on the wire, before the ciphertext */
	size_t salt_size;	/* AEAD: octets of keymat after the key (RFC 5282 §7.1) */
	size_t icv_size;	/* AEAD: tag octets; 0 for non-AEAD (INTEG gives it) */
	const uint16_t *key_bits;	/* allowed key lengths in bits, 0-terminated */
	uint16_t default_key_bits;	/* when a proposal string omits the length */
};

struct prf_desc {
	uint16_t id;		/* enum ikev2_prf_id */
	const char *name;	/* e.g. "HMAC_SHA2_256" */
	enum ikev2_hash hash;
	size_t out_len;		/* PRF output = preferred key length (RFC 7296 §2.14) */
};

struct integ_desc {
	uint16_t id;		/* enum ikev2_integ_id */
	const char *name;	/* e.g. "HMAC_SHA2_256_128" */
	enum ikev2_hash hash;	/* IKEV2_HASH_NONE for INTEG NONE */
	size_t key_len;		/* SK_ai/SK_ar octets (RFC 4868 §2.1.1: = hash length) */
	size_t icv_len;		/* truncated MAC octets appended to the message */
};

enum dh_kind {
	DH_KIND_MODP,		/* classic finite-field group */
	DH_KIND_ECP,		/* NIST prime curve, KE data x | y */
	DH_KIND_X25519,		/* RFC 8031, KE data is the u coordinate */
};

struct dh_desc {
	uint16_t id;		/* enum ikev2_dh_id */
	const char *name;	/* e.g. "DH19" / "MODP2048" */
	enum dh_kind kind;
	size_t ke_len;		/* KE payload Key Exchange Data octets */
	size_t secret_len;	/* g^ir octets (modulus / field size) */
};

/*
 * The transforms negotiated for an IKE SA, as the key schedule needs
 * them.  For an AEAD cipher integ is the NONE descriptor (never NULL).
 */
struct ike_algs {
	const struct encr_desc *encr;
	uint16_t encr_key_bits;	/* negotiated Key Length attribute */
	const struct prf_desc *prf;
	const struct integ_desc *integ;
	const struct dh_desc *dh;	/* NULL when no KE (resumption) */
};

/* By wire id; NULL when unsupported. */
const struct encr_desc *encr_by_id(uint16_t id);
const struct prf_desc *prf_by_id(uint16_t id);
const struct integ_desc *integ_by_id(uint16_t id);
const struct dh_desc *dh_by_id(uint16_t id);

bool encr_key_bits_ok(const struct encr_desc *e, unsigned key_bits);
/* Octets of SK_e (or ESP encryption keymat): key plus any AEAD salt. */
size_t encr_keymat_len(const struct encr_desc *e, unsigned key_bits);

/*
 * By proposal-string name, case-insensitive.  encr_by_name also splits a
 * trailing key length ("aes256", "aes_gcm_128", "aes_cbc_192"); *key_bits
 * is 0 when the name gives none ("aes", "aes_gcm").  NULL when unknown
 * or when the key length is not valid for the cipher.
 */
const struct encr_desc *encr_by_name(const char *name, unsigned *key_bits);
const struct prf_desc *prf_by_name(const char *name);
const struct integ_desc *integ_by_name(const char *name);
const struct dh_desc *dh_by_name(const char *name);

/* "ENCR", "PRF", ...; "TRANS_<n>" style strings for unknown types. */
const char *ikev2_trans_type_name(enum ikev2_trans_type type);
/*
 * Prints one transform for logs and status output: "AES_GCM_16_256",
 * "HMAC_SHA2_256", "HMAC_SHA2_256_128", "DH19", "ESN"; an unsupported id
 * prints as "<TYPE>_<id>" (e.g. "ENCR_3").  key_bits 0 omits the length.
 * Returns buf; always NUL-terminated when len > 0.
 */
const char *ikev2_transform_str(char *buf, size_t len, enum ikev2_trans_type type,
				uint16_t id, unsigned key_bits);

#endif
