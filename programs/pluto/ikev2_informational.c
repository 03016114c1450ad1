/*
 * INFORMATIONAL (RFC 7296 §1.4): DELETE of the IKE SA or of Child SAs in
 * either direction, empty requests (liveness), and the ticket requests of
 * RFC 5723 §4.2 (ikev2_resume.c answers those).
 */
#include <arpa/inet.h>
#include <string.h>

#include "connections.h"
#include "ikev2_child_sa.h"
#include "ikev2_exchanges.h"
#include "ikev2_msg.h"
#include "ikev2_numbers.h"
#include "ike_sa_life.h"
#include "ikev2_resume.h"
#include "log.h"
#include "pluto.h"
#include "state.h"

/* The peer deletes Child SAs: answer with our halves (RFC 7296 §1.4.1). */
static void answer_child_deletes(struct ike_sa *ike, const struct ikev2_delete *d, struct msg_builder *mb)
{
	uint32_t ours[64];
	uint16_t n = 0;
	for (unsigned i = 0; i < d->nspi && n < 64; i++) {
		uint32_t spi = htonl(ikev2_delete_spi(d, i));
		struct child_sa *child = child_by_spi_out(ike, spi);
		if (child == NULL) {	/* already gone (or never ours): nothing to answer for it */
			log_debug("#%u: Delete for unknown Child SA 0x%08x ignored", ike->serialno, ntohl(spi));
			continue;
		}
		/* RFC 7296 §1.4.1, §2.25.1: one whose DELETE we sent already is
		 * not in the answer (a queued one's DELETE was not sent yet) */
		if (!child->deleting)
			ours[n++] = child->spi_in;
		conn_log(child_conn(child), "#%u: peer deleted Child SA #%u", ike->serialno, child->serialno);
		kernel_child_uninstall(child);
		child_sa_free(child);
	}
	if (n > 0)
		mb_delete(mb, IKEV2_PROTO_ESP, ours, n);
}

enum handler_result ikev2_informational_request(struct ike_sa *ike, struct msg_digest *md)
{
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, true, md->hdr.message_id, true);
	bool delete_ike = false;
	const struct ikev2_digest *pl = md_payloads(md);
	for (const struct ikev2_payload *p = ikev2_digest_first(pl, IKEV2_PL_DELETE); p != NULL;
	     p = ikev2_digest_next(pl, p, IKEV2_PL_DELETE)) {
		struct ikev2_delete d;
		struct ikev2_error err = { 0 };
		if (!ikev2_delete_decode(p->body, &d, &err)) {
			/* demux validated it already; §2.21.3: fatal */
			log_info("#%u: INFORMATIONAL: %s", ike->serialno, err.reason);
			ikev2_send_error_response(ike, md, IKEV2_N_INVALID_SYNTAX, EMPTY_BYTES);
			return HANDLER_FAIL;
		}
		if (d.protocol == IKEV2_PROTO_IKE)
			delete_ike = true;
		else if (d.protocol == IKEV2_PROTO_ESP)
			answer_child_deletes(ike, &d, &mb);
	}
	if (delete_ike) {
		/* RFC 7296 §1.4.1: an empty response, then the SA is gone */
		mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, true, md->hdr.message_id, true);
		ikev2_send_response(ike, &mb, md);
		conn_log(ike->conn, "#%u: peer deleted the IKE SA", ike->serialno);
		if (ike->original_initiator)
			resume_forget_ticket(ike->conn, ike);	/* RFC 5723 §6.1: it dies with the SA */
		ikev2_rekey_inherit(ike);
		ike_sa_drop(ike);
		return HANDLER_DONE;
	}
	resume_answer_ticket_request(ike, md, &mb);
	ikev2_send_response(ike, &mb, md);
	return HANDLER_OK;
}

enum handler_result ikev2_informational_response(struct ike_sa *ike, struct msg_digest *md)
{
	ike->probing = false;
	ikev2_child_deletes_answered(ike);
	resume_process_ticket_response(ike, md);
	ike->last_contact = pluto_now();
	return HANDLER_OK;
}

enum handler_result ikev2_delete_response(struct ike_sa *ike, struct msg_digest *md)
{
	conn_log(ike->conn, "#%u: IKE SA deleted", ike->serialno);
	return HANDLER_OK;	/* the row's next state NONE drops the SA */
}

void ikev2_delete_ike_sa(struct ike_sa *ike)
{
	if (ike->original_initiator && ike->conn->newest_ike == ike)
		resume_forget_ticket(ike->conn, ike);
	if (ike->state != IKE_ESTABLISHED || ike->window.request_outstanding) {
		ike_sa_drop(ike);
		return;
	}
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, false, 0, true);
	mb_delete(&mb, IKEV2_PROTO_IKE, NULL, 0);
	if (!ikev2_send_request(ike, &mb)) {
		ike_sa_drop(ike);
		return;
	}
	/* the Child SAs go with it; traffic stops now, not at the answer */
	for (struct child_sa *c = ike->children; c != NULL; c = c->next)
		kernel_child_uninstall(c);
	ike_sa_set_state(ike, IKE_DELETING);
	if (ike->conn->newest_ike == ike)
		ike->conn->newest_ike = NULL;
}

bool ikev2_send_liveness(struct ike_sa *ike)
{
	if (ike->state != IKE_ESTABLISHED || ike->window.request_outstanding)
		return false;
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, false, 0, true);
	ike->probing = true;
	if (!ikev2_send_request(ike, &mb)) {
		ike->probing = false;
		return false;
	}
	log_debug("#%u: liveness probe sent", ike->serialno);
	return true;
}
