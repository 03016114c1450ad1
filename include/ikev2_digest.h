/*
 * The payload chain of an IKE message (RFC 7296 §3.2) as a "digest": the
 * payloads in order, each with its body as a view into the message.
 *
 * The walk checks every generic header (length at least 4 and within what
 * is left, nothing after the last payload), refuses an unknown payload
 * marked critical with UNSUPPORTED_CRITICAL_PAYLOAD (RFC 7296 §2.5),
 * skips unknown non-critical ones, and refuses chains of more than
 * IKEV2_MAX_PAYLOADS payloads (skipped ones included), the bound every
 * table indexed by payload must respect.
 *
 * An SK or SKF payload must be the last of the outer chain (RFC 7296
 * §3.14, RFC 7383 §2.5); its Next Payload names the first inner payload.
 * An inner chain (the SK plaintext) must hold neither.
 */
#ifndef IKEV2_DIGEST_H
#define IKEV2_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_error.h"

#define IKEV2_MAX_PAYLOADS 64
#define IKEV2_GENERIC_HEADER_SIZE 4

struct ikev2_payload {
	uint8_t type;		/* enum ikev2_payload_type, always a known type */
	uint8_t next;		/* its Next Payload field; for SK/SKF the first inner payload */
	bool critical;		/* the C bit as received (ignored for known types, RFC 7296 §3.2) */
	size_t offset;		/* of its generic header, from the start of the decoded window */
	struct bytes body;	/* what follows the 4-octet generic header (borrowed) */
};

struct ikev2_digest {
	unsigned count;			/* entries used in payloads[] */
	struct ikev2_payload payloads[IKEV2_MAX_PAYLOADS];	/* in message order */
	unsigned skipped;		/* unknown non-critical payloads, ignored */
	bool reserved_bits;		/* a generic header had RESERVED bits set (ignored on receipt) */
};

enum ikev2_chain {
	IKEV2_CHAIN_OUTER,	/* the message: SK/SKF allowed, as last payload */
	IKEV2_CHAIN_INNER,	/* the SK plaintext: no SK/SKF */
};

/*
 * Walks the chain that starts `start` octets into `window` with a payload
 * of type `first`, up to the end of the window.  Offsets in the digest
 * count from the start of the window.
 */
bool ikev2_chain_decode(struct bytes window, size_t start, uint8_t first, enum ikev2_chain where,
			struct ikev2_digest *d, struct ikev2_error *err);

/* First payload of a type, or NULL. */
const struct ikev2_payload *ikev2_digest_first(const struct ikev2_digest *d, uint8_t type);
/* Next payload of a type after `after` (an entry of d), or NULL. */
const struct ikev2_payload *ikev2_digest_next(const struct ikev2_digest *d,
					      const struct ikev2_payload *after, uint8_t type);
unsigned ikev2_digest_count(const struct ikev2_digest *d, uint8_t type);

#endif
