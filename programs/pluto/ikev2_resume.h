/*
 * IKEv2 Session Resumption (RFC 5723): ticket requests in IKE_AUTH and
 * INFORMATIONAL, the IKE_SESSION_RESUME exchange, the resumed IKE_AUTH's
 * checks, suspend and resume of a connection.
 */
#ifndef IKEV2_RESUME_H
#define IKEV2_RESUME_H

#include <stdbool.h>

struct connection;
struct ike_sa;
struct msg_builder;
struct msg_digest;
struct whack_conn;

/* Initiator: N(TICKET_REQUEST) when the connection wants tickets. */
void resume_emit_ticket_request(struct ike_sa *ike, struct msg_builder *mb);
/* Responder: answer a TICKET_REQUEST in md with LT_OPAQUE, ACK or NACK. */
void resume_answer_ticket_request(struct ike_sa *ike, const struct msg_digest *md, struct msg_builder *mb);
/* Initiator: keep a ticket from md on the connection. */
void resume_process_ticket_response(struct ike_sa *ike, const struct msg_digest *md);
/* Initiator: send TICKET_REQUEST in an INFORMATIONAL in `seconds` (after
 * TICKET_ACK, and before the held ticket's lifetime ends). */
void resume_schedule_ticket_request(struct ike_sa *ike, double seconds);

/* Resumed IKE_AUTH: the identities must be the ticket's (§4.3.3). */
bool resume_ids_match_ticket(const struct ike_sa *ike);
/* Responder, resumed IKE_AUTH verified: mark the ticket used (one-time
 * use); false when it already was, or the cache is full. */
bool resume_claim_ticket(struct ike_sa *ike);

/* Initiator: the resume failed or was refused: full IKE_SA_INIT. */
void resume_fallback(struct ike_sa *ike);
/* A connection's ticket is deleted with its IKE SA (not on suspend). */
void resume_forget_ticket(struct connection *c, struct ike_sa *ike);

/* whack --suspend / --resume. */
bool resume_suspend(struct connection *c, struct whack_conn *w);
bool resume_connection(struct connection *c);

#endif
