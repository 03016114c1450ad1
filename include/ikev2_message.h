/*
 * Decoding a whole IKE message: header, outer payload chain, and every
 * outer payload validated by its decoder; then, once the crypto layer
 * (ikev2_sk.h) has opened the SK payload, the inner chain the same way.
 *
 *   struct ikev2_message m;
 *   struct ikev2_error err;
 *   if (!ikev2_message_decode(datagram, &m, &err))
 *           ... log err.reason; act on ikev2_error_action(&err, false) ...
 *   const struct ikev2_payload *sk = ikev2_message_encrypted(&m);
 *   ... ikev2_message_aad(&m, &aad); open sk->body ...
 *   struct ikev2_digest inner;
 *   if (!ikev2_inner_decode(plaintext, sk->next, &inner, &err)) ...
 *
 * The digests borrow the message (and plaintext) buffers.
 */
#ifndef IKEV2_MESSAGE_H
#define IKEV2_MESSAGE_H

#include <stdbool.h>

#include "chunk.h"
#include "ikev2_digest.h"
#include "ikev2_error.h"
#include "ikev2_header.h"

struct ikev2_message {
	struct ikev2_header hdr;
	struct bytes raw;		/* the whole message, marker stripped (borrowed) */
	struct ikev2_digest outer;	/* the unencrypted payloads; SK or SKF last if present */
};

bool ikev2_message_decode(struct bytes msg, struct ikev2_message *m, struct ikev2_error *err);

/* The SK or SKF payload (always the last outer payload), or NULL. */
const struct ikev2_payload *ikev2_message_encrypted(const struct ikev2_message *m);

/*
 * What the SK/SKF integrity covers ahead of its body: the octets from the
 * IKE header through the SK generic header, or for SKF through the Total
 * Fragments field (the AEAD associated data of RFC 5282 §5.1).  The
 * encrypted body follows it directly in m->raw.  False without SK/SKF.
 */
bool ikev2_message_aad(const struct ikev2_message *m, struct bytes *aad);

/* Decodes and validates the decrypted content of SK (or reassembled SKF);
 * `first` is the SK payload's Next Payload. */
bool ikev2_inner_decode(struct bytes plaintext, uint8_t first, struct ikev2_digest *inner,
			struct ikev2_error *err);

/* Runs the decoder of a payload's type over its body (the validation step
 * of the two functions above); reasons get a "SA payload at offset 28: "
 * prefix. */
bool ikev2_payload_validate(const struct ikev2_payload *p, struct ikev2_error *err);
bool ikev2_digest_validate(const struct ikev2_digest *d, struct ikev2_error *err);

#endif
