/*
 * RFC 5723 session resumption: the "ticket by value".
 *
 * The responder puts everything the RFC 5723 section 5 table marks "from
 * the ticket" into a struct ticket_state, and seals it with the current
 * key of its ticket key ring (ticket_keys.h) into an opaque byte string
 * the initiator keeps and later presents in N(TICKET_OPAQUE).
 *
 * Sealed layout (RFC 5723 Appendix A.1, with a fixed-size IV and tag):
 *
 *   format_version (1) | reserved (3, zero) | key_id (8) | IV (12)
 *   | AES-256-GCM ciphertext of the encoded state | GCM tag (16)
 *
 * The 24-byte header is the GCM additional authenticated data, so no
 * byte of a ticket can change without the tag failing.  The IV is 12
 * random bytes per ticket (see ticket.c for why not a counter).
 *
 * The encoded state (the plaintext) is a fixed, TLV-free layout, all
 * integers in network order:
 *
 *   IDi: type (1) | length (2) | body     IDr: the same
 *   auth_method (1)
 *   encr (2) | encr_key_bits (2) | prf (2) | integ (2) | dh (2)
 *   SK_d length (1) | SK_d
 *   old SPIi (8) | old SPIr (8)
 *   expiry (8)
 *   connection name length (1) | name (no NUL)
 */
#ifndef IKEV2_TICKET_H
#define IKEV2_TICKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "wire.h"

struct ticket_keys;

/* The one format this code writes and accepts. */
#define TICKET_FORMAT_VERSION 1
#define TICKET_RESERVED_LEN 3
#define TICKET_KEY_ID_LEN 8
#define TICKET_IV_LEN 12
#define TICKET_TAG_LEN 16
#define TICKET_HEADER_LEN (1 + TICKET_RESERVED_LEN + TICKET_KEY_ID_LEN + TICKET_IV_LEN)

/*
 * Bounds on the state.  512 bytes of ID body leaves room for a DER
 * distinguished name, which easily passes 255 bytes.
 */
#define TICKET_ID_MAX 512
#define TICKET_SK_D_MAX 64
#define TICKET_SPI_LEN 8
#define TICKET_NAME_MAX 255

/* Smallest and largest encoded state and sealed ticket. */
#define TICKET_STATE_MIN_LEN (2 * 3 + 1 + 5 * 2 + 1 + 1 + 2 * TICKET_SPI_LEN + 8 + 1 + 1)
#define TICKET_STATE_MAX_LEN (2 * (3 + TICKET_ID_MAX) + 1 + 5 * 2 + 1 + TICKET_SK_D_MAX + \
			      2 * TICKET_SPI_LEN + 8 + 1 + TICKET_NAME_MAX)
#define TICKET_MIN_LEN (TICKET_HEADER_LEN + TICKET_STATE_MIN_LEN + TICKET_TAG_LEN)
#define TICKET_MAX_LEN (TICKET_HEADER_LEN + TICKET_STATE_MAX_LEN + TICKET_TAG_LEN)

/* SHA-256 of a sealed ticket: the key of the one-time-use replay cache. */
#define TICKET_DIGEST_LEN 32

/* An identification payload's content: RFC 7296 section 3.5. */
struct ticket_id {
	uint8_t type;			/* ID Type (ID_FQDN, ...); never 0 */
	uint16_t len;			/* bytes used in body, <= TICKET_ID_MAX */
	uint8_t body[TICKET_ID_MAX];	/* the identification data, verbatim */
};

/* The transforms accepted for the original IKE SA (IANA numbers). */
struct ticket_ike_proposal {
	uint16_t encr;		/* ENCR transform id; never 0 */
	uint16_t encr_key_bits;	/* Key Length attribute, 0 when absent */
	uint16_t prf;		/* PRF transform id; never 0 */
	uint16_t integ;		/* INTEG transform id, 0 (NONE) with AEAD */
	uint16_t dh;		/* key exchange method (DH group) */
};

/*
 * What the responder needs to resume an IKE SA (RFC 5723 section 5).
 * Plain value except sk_d, which is owned: ticket_state_free() wipes it.
 */
struct ticket_state {
	uint8_t version;		/* format the ticket was sealed in; set by
					   ticket_unseal(), ignored by ticket_seal()
					   which always writes TICKET_FORMAT_VERSION */
	struct ticket_id idi;		/* IDi of the original IKE_AUTH */
	struct ticket_id idr;		/* IDr of the original IKE_AUTH */
	uint8_t auth_method;		/* AUTH method the initiator used; never 0 */
	struct ticket_ike_proposal sa;	/* accepted IKE SA transforms */
	struct secret sk_d;		/* SK_d of the old IKE SA, 1..64 bytes */
	uint8_t spi_i[TICKET_SPI_LEN];	/* old IKE SA SPIs: only to find the old */
	uint8_t spi_r[TICKET_SPI_LEN];	/* SA, never reused (RFC 5723 note 4) */
	uint64_t expiry;		/* absolute, wall-clock seconds since the
					   epoch: tickets outlive restarts and are
					   shared by gateways; never 0 */
	char name[TICKET_NAME_MAX + 1];	/* connection name, NUL-terminated, not
					   empty, no embedded NUL */
};

/* Wipes and frees SK_d; the rest is plain data.  Safe to call twice. */
void ticket_state_free(struct ticket_state *st);

/* NULL when st can be encoded, else what is wrong with it. */
const char *ticket_state_check(const struct ticket_state *st);

/*
 * The plaintext codec, public for tests and the fuzzer.  encode writes
 * into out (at most TICKET_STATE_MAX_LEN bytes; the caller wipes it) and
 * returns false when st fails ticket_state_check() or out is too small.
 * decode is strict: every length bounded, every field valid, no trailing
 * bytes; on failure *st holds nothing to free and *why says what failed.
 */
bool ticket_state_encode(const struct ticket_state *st, struct wire_out *out);
bool ticket_state_decode(struct bytes plain, struct ticket_state *st, const char **why);

enum ticket_err {
	TICKET_OK = 0,
	TICKET_ERR_TRUNCATED,		/* shorter than the smallest ticket */
	TICKET_ERR_OVERSIZE,		/* longer than the largest ticket */
	TICKET_ERR_BAD_VERSION,		/* format version not ours */
	TICKET_ERR_UNKNOWN_KEY,		/* key id not in the ring (dropped, foreign,
					   or forged) */
	TICKET_ERR_AUTH_FAILED,		/* GCM tag check failed */
	TICKET_ERR_MALFORMED_STATE,	/* authentic but undecodable (or, when
					   sealing, an invalid state) */
	TICKET_ERR_EXPIRED,		/* expiry <= now */
	TICKET_ERR_NO_KEY,		/* seal: the ring has no current key */
	TICKET_ERR_LIFETIME,		/* seal: expiry beyond now + the ring's
					   maximum ticket lifetime, so the ticket
					   would outlive its key */
	TICKET_ERR_KEY_EXHAUSTED,	/* seal: the current key sealed its share of
					   tickets; rotate */
	TICKET_ERR_CRYPTO,		/* NSS failed (not the peer's fault) */
};

/* A short, stable, lower-case name for logs ("expired", ...). */
const char *ticket_err_name(enum ticket_err err);

/*
 * Seals st (whose expiry must lie in (now, now + max ticket lifetime])
 * with the ring's current key.  On success *ticket is a new chunk the
 * caller frees; on failure it is left empty.
 */
enum ticket_err ticket_seal(struct ticket_keys *ring, const struct ticket_state *st,
			    uint64_t now, struct chunk *ticket);

/*
 * Checks, in this order: length, format version, key id, tag, state
 * encoding, expiry against now.  On success *st is filled (free it with
 * ticket_state_free); on any failure *st is zeroed and owns nothing.
 * The ring is not const only because NSS key handles are cached in it.
 */
enum ticket_err ticket_unseal(struct ticket_keys *ring, struct bytes ticket, uint64_t now,
			      struct ticket_state *st);

/* SHA-256 of the whole sealed ticket; false only if NSS fails. */
bool ticket_digest(struct bytes ticket, uint8_t digest[TICKET_DIGEST_LEN]);

#endif
