/*
 * What a resumption ticket stands for on each side (RFC 5723 §5).
 *
 * Initiator: the opaque ticket received in N(TICKET_LT_OPAQUE), kept on
 * the connection with the state it must derive the resumed SA from (SK_d,
 * transforms, identities) and the ticket's absolute expiry.  Once
 * presented it moves to the IKE SA that presents it, so it can never be
 * presented twice.
 *
 * Responder: during a resume, the unsealed state of the presented ticket
 * (the opaque field then holds the ticket's digest for the replay cache).
 */
#ifndef RESUME_TICKET_H
#define RESUME_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"
#include "ikev2_algs.h"

struct resume_ticket {
	struct chunk opaque;	/* initiator: the ticket; responder: its digest */
	uint64_t expiry;	/* wall-clock seconds since the epoch */
	struct secret sk_d;	/* SK_d of the IKE SA the ticket was issued for */
	struct ike_algs algs;	/* that SA's transforms (no DH: resumption has none) */
	struct chunk idi, idr;	/* ID payload bodies (type | reserved | data) */
	uint8_t auth_method;	/* how the initiator authenticated originally */
};

void resume_ticket_free(struct resume_ticket *t);
struct resume_ticket *resume_ticket_clone(const struct resume_ticket *t);
bool resume_ticket_valid(const struct resume_ticket *t, uint64_t now);

#endif
