/*
 * Messages as pluto handles them: a received message decoded into a
 * digest (with its SK payload opened), and a builder that writes a message,
 * seals its SK payload and hands it to the message-ID layer.
 */
#ifndef IKEV2_MSG_H
#define IKEV2_MSG_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_digest.h"
#include "ikev2_error.h"
#include "ikev2_header.h"
#include "ikev2_payloads.h"
#include "ip_address.h"
#include "wire.h"

struct ike_sa;

#define IKEV2_MSG_MAX 65535

struct msg_digest {
	ip_endpoint local, remote;
	struct bytes raw;		/* the whole message as received */
	struct ikev2_header hdr;
	struct ikev2_digest outer;	/* the message's own payloads */
	struct ikev2_digest inner;	/* inside SK, when protected */
	bool protected_;		/* inner is valid: SK opened and verified */
	bool sk_verified;		/* the SK payload's ICV verified (even if what
					   is inside then failed to decode) */
	struct chunk plaintext;		/* SK plaintext, owned; inner points into it */
	struct ike_sa *ike;		/* the SA it belongs to (or created for it) */
};

/* The payloads a handler reads: inner when protected, else outer. */
const struct ikev2_digest *md_payloads(const struct msg_digest *md);
const struct ikev2_payload *md_first(const struct msg_digest *md, uint8_t type);
unsigned md_count(const struct msg_digest *md, uint8_t type);
/* The first Notify of a type (decoded); false if absent or malformed. */
bool md_notify(const struct msg_digest *md, uint16_t type, struct ikev2_notify *n);
/* The first error notify (type < 16384), 0 if none. */
uint16_t md_error_notify(const struct msg_digest *md);
void md_free(struct msg_digest *md);

/* Open the SK payload with the IKE SA's inbound keys and decode what is
 * inside.  false: the message must be dropped (reason in err). */
bool md_open_sk(struct msg_digest *md, struct ike_sa *ike, struct ikev2_error *err);
/* md->plaintext verified (SK opened, or SKF fragments reassembled): decode
 * the inner payloads, the first of type `first`. */
bool md_accept_plaintext(struct msg_digest *md, struct ike_sa *ike, uint8_t first, struct ikev2_error *err);

struct msg_builder {
	struct ike_sa *ike;
	struct ikev2_header hdr;
	bool encrypted;
	struct wire_out body;		/* the payload chain (plaintext when encrypted) */
	size_t last_header;		/* offset of the last payload's generic header, or SIZE_MAX */
	uint8_t first_type;		/* type of the first payload */
	uint8_t body_buf[IKEV2_MSG_MAX];
	uint8_t msg_buf[IKEV2_MSG_MAX];
};

void mb_init(struct msg_builder *mb, struct ike_sa *ike, uint8_t exchange, bool response,
	     uint32_t msgid, bool encrypted);
/* Start a payload: writes its generic header and chains it; returns the
 * offset to hand to mb_end(). */
size_t mb_start(struct msg_builder *mb, uint8_t type);
void mb_end(struct msg_builder *mb, size_t start);
/* A payload whose body is already encoded. */
void mb_payload(struct msg_builder *mb, uint8_t type, struct bytes body);
void mb_notify(struct msg_builder *mb, uint8_t protocol, struct bytes spi, uint16_t type, struct bytes data);
/* One call per payload kind, encoded by lib/libikev2. */
void mb_sa(struct msg_builder *mb, const struct ikev2_sa *sa);
void mb_ke(struct msg_builder *mb, uint16_t group, struct bytes data);
void mb_nonce(struct msg_builder *mb, struct bytes nonce);
void mb_ts(struct msg_builder *mb, uint8_t type, const struct ikev2_ts_list *tsl);
void mb_auth(struct msg_builder *mb, uint8_t method, struct bytes data);
void mb_delete(struct msg_builder *mb, uint8_t protocol, const uint32_t *spis, uint16_t n);
/* Header, SK sealing; the result points into mb (valid until reuse). */
bool mb_finish(struct msg_builder *mb, struct bytes *msg);

/* Send a request on the IKE SA: takes the next message ID, keeps it for
 * retransmission, arms the retransmit timer. */
bool ikev2_send_request(struct ike_sa *ike, struct msg_builder *mb);
/* The first request of an IKE SA (IKE_SA_INIT, IKE_SESSION_RESUME, and
 * their re-sends with a COOKIE or another group): message ID 0 again,
 * and kept as the first message that AUTH signs. */
bool ikev2_send_first_request(struct ike_sa *ike, struct msg_builder *mb);
/* Send the response to md's request and cache it for retransmits. */
bool ikev2_send_response(struct ike_sa *ike, struct msg_builder *mb, const struct msg_digest *md);
/* An unprotected answer that creates no state (errors of IKE_SA_INIT /
 * IKE_SESSION_RESUME, COOKIE): HDR echoing md's SPIs and one Notify. */
void ikev2_send_stateless_notify(const struct msg_digest *md, uint16_t type, struct bytes data);
/* An INFORMATIONAL with one error notify, protected with ike's keys. */
void ikev2_send_error_response(struct ike_sa *ike, const struct msg_digest *md, uint16_t type,
			       struct bytes data);

struct retransmit_policy;
const struct retransmit_policy *ike_retransmit_policy(const struct ike_sa *ike);

/* Called by the retransmit timer (and by tests). */
void ikev2_retransmit(struct ike_sa *ike);

#endif
