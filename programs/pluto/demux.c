/* From a datagram to the handler of its exchange (demux.h). */
#include <string.h>

#include <event2/event.h>

#include "connections.h"
#include "demux.h"
#include "ikev2_exchanges.h"
#include "ikev2_fragment.h"
#include "ikev2_message.h"
#include "ikev2_msg.h"
#include "ikev2_numbers.h"
#include "ike_sa_life.h"
#include "ikev2_states.h"
#include "log.h"
#include "server.h"
#include "state.h"

struct demux_stats demux_stats;

static const char *peer_str(const struct msg_digest *md)
{
	static char buf[ENDPOINT_STR_LEN];
	return endpoint_str(&md->remote, buf, sizeof(buf));
}

/* Requests that may open a new IKE SA carry SPIr = 0. */
static bool opens_sa(const struct ikev2_header *h)
{
	return !ikev2_header_is_response(h) && h->spi_r == 0 &&
	       (h->exchange == IKEV2_EXCH_IKE_SA_INIT || h->exchange == IKEV2_EXCH_IKE_SESSION_RESUME);
}

/*
 * A request that opens an SA is message 0 from the original initiator
 * (RFC 7296 §2.2 and §3.1; RFC 5723 §4.3.2 for IKE_SESSION_RESUME):
 * anything else is not a request to answer at all.
 */
static bool opening_header_ok(const struct msg_digest *md)
{
	if (md->hdr.message_id == 0 && ikev2_header_is_initiator(&md->hdr))
		return true;
	log_info("dropping %s request from %s: %s", ikev2_exchange_name(md->hdr.exchange), peer_str(md),
		 md->hdr.message_id != 0 ? "message ID is not 0" : "Initiator flag not set");
	return false;
}

static struct ike_sa *find_sa(const struct msg_digest *md)
{
	const struct ikev2_header *h = &md->hdr;
	ike_spi_t spi_i = ike_spi_from_u64(h->spi_i), spi_r = ike_spi_from_u64(h->spi_r);
	if (opens_sa(h))
		return ike_sa_by_spi_i(&spi_i, &md->remote, false);
	bool first_response = ikev2_header_is_response(h) && h->message_id == 0 &&
		(h->exchange == IKEV2_EXCH_IKE_SA_INIT || h->exchange == IKEV2_EXCH_IKE_SESSION_RESUME);
	if (first_response)
		return ike_sa_by_spi_i(&spi_i, &md->remote, true);
	return ike_sa_by_spis(&spi_i, &spi_r);
}

static void answer_malformed(const struct msg_digest *md, const struct ikev2_error *err)
{
	demux_stats.malformed++;
	log_info("dropping message from %s: %s", peer_str(md), err->reason);
	/* Only an unprotected request that creates no state may be answered
	 * without keys; everything else is dropped (RFC 7296 §2.21). */
	if (ikev2_error_action(err, false) == IKEV2_ERROR_NOTIFY && opens_sa(&md->hdr))
		ikev2_send_stateless_notify(md, err->notify, BYTES(err->data, err->data_len));
}

/* The negotiation of this IKE SA is over: tell a waiting whack, drop it. */
static void fail_sa(struct ike_sa *ike, const char *what)
{
	log_info("\"%s\" #%u: %s failed", ike->conn->name, ike->serialno, what);
	conn_done(ike->conn, false);
	ike_sa_drop(ike);
}

/*
 * A message whose SK payload verified but whose inner payloads do not
 * all decode.  A request is refused whole with a protected notify
 * (RFC 7296 §2.21.2); INVALID_SYNTAX is fatal for the IKE SA (§2.21.3),
 * and so is any error during IKE_AUTH.  A response is never answered,
 * but our state is cleaned up (§2.21).
 */
static void refuse_protected(struct ike_sa *ike, struct msg_digest *md, const struct ikev2_error *err,
			     const struct transition *t)
{
	bool response = ikev2_header_is_response(&md->hdr);
	uint16_t type = err->kind == IKEV2_ERROR_NOTIFY ? err->notify : IKEV2_N_INVALID_SYNTAX;
	demux_stats.malformed++;
	log_info("\"%s\" #%u: malformed %s %s: %s%s%s", ike->conn->name, ike->serialno,
		 ikev2_exchange_name(md->hdr.exchange), response ? "response" : "request", err->reason,
		 response ? "" : "; answering ", response ? "" : ikev2_notify_name(type));
	if (!response)
		ikev2_send_error_response(ike, md, type, BYTES(err->data, err->data_len));
	if (response || type == IKEV2_N_INVALID_SYNTAX || ike->state != IKE_ESTABLISHED)
		fail_sa(ike, t->story);
}

/* Decode-and-validate every payload before any handler sees it. */
static bool open_and_validate(struct ike_sa *ike, struct msg_digest *md, const struct transition *t)
{
	struct ikev2_error err = { 0 };
	if (!t->encrypted)
		return true;
	enum frag_verdict fv = ikev2_frag_receive(ike, md, &err);	/* SKF: RFC 7383 */
	if (fv == FRAG_WAIT)
		return false;
	if (fv == FRAG_FAILED || (fv == FRAG_NONE && !md_open_sk(md, ike, &err))) {
		if (md->sk_verified) {
			refuse_protected(ike, md, &err, t);
			return false;
		}
		demux_stats.sk_failed++;
		log_info("\"%s\" #%u: %s", ike->conn->name, ike->serialno, err.reason);
		return false;
	}
	if (!ikev2_digest_validate(&md->inner, &err)) {
		ikev2_error_prefix(&err, "inside SK: ");
		refuse_protected(ike, md, &err, t);
		return false;
	}
	return true;
}

static enum handler_result run_transition(struct ike_sa *ike, struct msg_digest *md, const struct transition *t)
{
	enum handler_result r = t->handler(ike, md);
	ike = md->ike;	/* an initial handler creates the SA */
	switch (r) {
	case HANDLER_OK:
		demux_stats.processed++;
		if (t->to == IKE_STATE_NONE) {
			ike_sa_drop(ike);
		} else if (ike != NULL) {
			log_debug("#%u: %s -> %s (%s)", ike->serialno, ike_state_name(ike->state),
				  ike_state_name(t->to), t->story);
			ike_sa_set_state(ike, t->to);
			ikev2_state_entered(ike);
		}
		break;
	case HANDLER_FAIL:
		if (ike != NULL)
			fail_sa(ike, t->story);
		break;
	case HANDLER_IGNORE:
	case HANDLER_DONE:
		break;
	}
	return r;
}

/*
 * A response the handler ignores (a stale duplicate: the same COOKIE or
 * INVALID_KE_PAYLOAD answered to a retransmission of our first request)
 * does not answer the request now outstanding: put it back, with its
 * retransmissions, or the exchange would wait forever.
 */
static void request_still_outstanding(struct ike_sa *ike, struct chunk request)
{
	struct msgid_window *w = &ike->window;
	w->outstanding = request;
	w->request_outstanding = true;
	if (w->retransmit_timer != NULL) {
		double d = w->next_delay;
		struct timeval tv = { .tv_sec = (time_t)d, .tv_usec = (suseconds_t)((d - (double)(time_t)d) * 1e6) };
		evtimer_add(w->retransmit_timer, &tv);
	}
}

static void run_response(struct ike_sa *ike, struct msg_digest *md, const struct transition *t)
{
	struct chunk request = ike->window.outstanding;
	ike->window.outstanding = (struct chunk){ 0 };
	msgid_request_done(&ike->window);
	md->ike = ike;
	if (run_transition(ike, md, t) == HANDLER_IGNORE && !ike->window.request_outstanding)
		request_still_outstanding(ike, request);
	else
		chunk_free(&request);
}

void demux_packet(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msg)
{
	struct msg_digest md = { .local = *local, .remote = *remote, .raw = msg };
	struct ikev2_error err = { 0 };
	if (!ikev2_header_decode(msg, &md.hdr, &err) ||
	    !ikev2_chain_decode(msg, IKEV2_HEADER_SIZE, md.hdr.next_payload, IKEV2_CHAIN_OUTER,
				&md.outer, &err) ||
	    !ikev2_digest_validate(&md.outer, &err)) {
		answer_malformed(&md, &err);
		return;
	}
	bool response = ikev2_header_is_response(&md.hdr);
	struct ike_sa *ike = find_sa(&md);
	if (ike == NULL) {
		const struct transition *t = opens_sa(&md.hdr)
			? ikev2_find_initial_transition(md.hdr.exchange) : NULL;
		if (t == NULL) {
			demux_stats.no_sa++;
			log_debug("no IKE SA for %s %s from %s", ikev2_exchange_name(md.hdr.exchange),
				  response ? "response" : "request", peer_str(&md));
			return;
		}
		if (opening_header_ok(&md))
			run_transition(NULL, &md, t);
		md_free(&md);
		return;
	}
	/* The I flag names the original initiator (RFC 7296 §3.1). */
	if (ikev2_header_is_initiator(&md.hdr) == ike->original_initiator) {
		log_debug("#%u: message with the wrong I flag dropped", ike->serialno);
		return;
	}
	switch (msgid_classify(&ike->window, response, md.hdr.message_id)) {
	case MSGID_RETRANSMIT:
		/* RFC 7383 §2.6.1: of a fragmented request, only fragment 1 */
		if (ikev2_frag_number(&md) > 1)
			return;
		demux_stats.retransmits_answered++;
		log_debug("#%u: retransmitted request %u answered again", ike->serialno, md.hdr.message_id);
		/* to where this copy came from (RFC 7296 §2.11), as the first answer */
		ikev2_send_stored(&md.local, &md.remote, chunk_bytes(ike->window.last_response));
		return;
	case MSGID_DROP:
		demux_stats.bad_msgid++;
		log_debug("#%u: unexpected message ID %u dropped", ike->serialno, md.hdr.message_id);
		return;
	case MSGID_EXPECTED_RESPONSE:
		/* the answer to our request is of the request's exchange (debug
		 * only, like the other window drops: anyone who sees the SPIs
		 * can send these, before any key is checked) */
		if (md.hdr.exchange != ike->window.outstanding_exchange) {
			demux_stats.bad_msgid++;
			log_debug("\"%s\" #%u: %s response to our %s request %u dropped", ike->conn->name,
				 ike->serialno, ikev2_exchange_name(md.hdr.exchange),
				 ikev2_exchange_name(ike->window.outstanding_exchange), md.hdr.message_id);
			return;
		}
		break;
	case MSGID_NEW_REQUEST:
		break;
	}
	const struct transition *t = ikev2_find_transition(ike->state, md.hdr.exchange, response);
	if (t == NULL) {
		demux_stats.no_transition++;
		log_info("\"%s\" #%u: unexpected %s %s in state %s dropped", ike->conn->name, ike->serialno,
			 ikev2_exchange_name(md.hdr.exchange), response ? "response" : "request",
			 ike_state_name(ike->state));
		return;
	}
	if (!open_and_validate(ike, &md, t)) {
		md_free(&md);
		return;
	}
	if (response) {
		run_response(ike, &md, t);
	} else {
		md.ike = ike;
		run_transition(ike, &md, t);
	}
	md_free(&md);
}
