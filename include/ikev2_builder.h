/*
 * Building IKE messages: a header, then payloads whose Next Payload
 * fields and lengths the builder fills in, then the total length.
 *
 * Unencrypted message:
 *   struct ikev2_builder b;
 *   ikev2_msg_start(&b, &out, &hdr);
 *   ikev2_msg_add_sa(&b, &sa); ikev2_msg_add_ke(&b, &ke); ...
 *   if (!ikev2_msg_finish(&b, &msg)) ... (overflow or misuse)
 *
 * Encrypted message (the crypto layer, ikev2_sk.h, does the sealing):
 *   ikev2_chain_start(&inner, &plain_out);       inner payloads
 *   ikev2_msg_add_id(&inner, IKEV2_PL_IDi, &id); ...
 *   ikev2_msg_finish(&inner, &plaintext);
 *   ikev2_msg_start(&b, &out, &hdr);
 *   ikev2_msg_sk_layout(&b, inner.first, body_len, &aad);
 *       header and SK generic header written, lengths final; aad covers
 *       them.  The caller appends exactly body_len octets
 *       (IV | ciphertext | ICV) to `out` with wire_put_*, then:
 *   ikev2_msg_finish(&b, &msg);
 *
 * Writes go through struct wire_out: overflow is sticky and reported by
 * ikev2_msg_finish().  So is misuse (a payload after SK, a close without
 * open...): after it nothing more is written and finish fails.  Payload bodies are written by the encoders of
 * ikev2_payloads.h; the critical bit is never set (RFC 7296 §3.2) except
 * through ikev2_msg_add_raw().
 */
#ifndef IKEV2_BUILDER_H
#define IKEV2_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_header.h"
#include "ikev2_payloads.h"
#include "wire.h"

struct ikev2_builder {
	struct wire_out *out;	/* where everything is written (not owned) */
	size_t start;		/* offset in out of the IKE header, or of the chain */
	bool has_header;	/* a message (true) or a bare inner chain (false) */
	size_t next_at;		/* offset of the Next Payload octet that will name the
				   next payload; SIZE_MAX before a chain's first */
	size_t open_at;		/* generic header of the payload being written, or SIZE_MAX */
	uint8_t first;		/* type of the first payload: a chain's SK Next Payload */
	size_t sealed_len;	/* after an SK/SKF layout, the final message length; else 0 */
	bool misuse;		/* an out-of-order call (payload after SK, nested open...) */
};

void ikev2_msg_start(struct ikev2_builder *b, struct wire_out *out, const struct ikev2_header *hdr);
void ikev2_chain_start(struct ikev2_builder *b, struct wire_out *out);

/* A payload whose body the caller writes between open and close. */
void ikev2_msg_open(struct ikev2_builder *b, uint8_t type, bool critical);
void ikev2_msg_close(struct ikev2_builder *b);

void ikev2_msg_add_raw(struct ikev2_builder *b, uint8_t type, bool critical, struct bytes body);
void ikev2_msg_add_sa(struct ikev2_builder *b, const struct ikev2_sa *sa);
void ikev2_msg_add_ke(struct ikev2_builder *b, const struct ikev2_ke *ke);
void ikev2_msg_add_nonce(struct ikev2_builder *b, struct bytes nonce);
void ikev2_msg_add_notify(struct ikev2_builder *b, const struct ikev2_notify *n);
/* The common case: no SPI, protocol 0. */
void ikev2_msg_add_notify_data(struct ikev2_builder *b, uint16_t type, struct bytes data);
/* payload is IKEV2_PL_IDi or IKEV2_PL_IDr. */
void ikev2_msg_add_id(struct ikev2_builder *b, uint8_t payload, const struct ikev2_id *id);
void ikev2_msg_add_auth(struct ikev2_builder *b, const struct ikev2_auth *auth);
void ikev2_msg_add_cert(struct ikev2_builder *b, const struct ikev2_cert *cert);
void ikev2_msg_add_certreq(struct ikev2_builder *b, const struct ikev2_cert *req);
/* payload is IKEV2_PL_TSi or IKEV2_PL_TSr. */
void ikev2_msg_add_ts(struct ikev2_builder *b, uint8_t payload, const struct ikev2_ts_list *tsl);
void ikev2_msg_add_delete(struct ikev2_builder *b, const struct ikev2_delete *del);
void ikev2_msg_add_vendor(struct ikev2_builder *b, struct bytes vid);
void ikev2_msg_add_cp(struct ikev2_builder *b, const struct ikev2_cp *cp);
void ikev2_msg_add_eap(struct ikev2_builder *b, struct bytes eap);

/*
 * Writes the SK (or SKF) generic header as the last payload, sets every
 * length for a body of body_len octets, and returns in *aad the octets
 * from the IKE header through the SK header (SKF: through Total
 * Fragments).  False (and nothing usable) on misuse or overflow.
 */
bool ikev2_msg_sk_layout(struct ikev2_builder *b, uint8_t first_inner, size_t body_len,
			 struct bytes *aad);
bool ikev2_msg_skf_layout(struct ikev2_builder *b, uint8_t first_inner, uint16_t number,
			  uint16_t total, size_t body_len, struct bytes *aad);

/* Patches the header length (message) and returns the message or chain;
 * false on overflow, misuse, an open payload or a short SK body. */
bool ikev2_msg_finish(struct ikev2_builder *b, struct bytes *msg);

#endif
