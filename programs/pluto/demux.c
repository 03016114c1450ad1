/* From a datagram to the handler of its exchange (demux.h). */
#include <string.h>

#include "connections.h"
#include "demux.h"
#include "ikev2_exchanges.h"
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

static void run_transition(struct ike_sa *ike, struct msg_digest *md, const struct transition *t)
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
		if (ike != NULL) {
			log_info("\"%s\" #%u: %s failed", ike->conn->name, ike->serialno, t->story);
			conn_done(ike->conn, false);
			ike_sa_drop(ike);
		}
		break;
	case HANDLER_IGNORE:
	case HANDLER_DONE:
		break;
	}
}

void demux_packet(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msg)
{
	struct msg_digest md = { .local = *local, .remote = *remote, .raw = msg };
	struct ikev2_error err = { 0 };
	if (!ikev2_header_decode(msg, &md.hdr, &err)) {
		answer_malformed(&md, &err);
		return;
	}
	if (!ikev2_chain_decode(msg, IKEV2_HEADER_SIZE, md.hdr.next_payload, IKEV2_CHAIN_OUTER,
				&md.outer, &err)) {
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
		demux_stats.retransmits_answered++;
		log_debug("#%u: retransmitted request %u answered again", ike->serialno, md.hdr.message_id);
		/* to where this copy came from (RFC 7296 §2.11), as the first answer */
		server_send(&md.local, &md.remote, chunk_bytes(ike->window.last_response));
		return;
	case MSGID_DROP:
		demux_stats.bad_msgid++;
		log_debug("#%u: unexpected message ID %u dropped", ike->serialno, md.hdr.message_id);
		return;
	case MSGID_NEW_REQUEST:
	case MSGID_EXPECTED_RESPONSE:
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
	if (t->encrypted && !md_open_sk(&md, ike, &err)) {
		demux_stats.sk_failed++;
		log_info("\"%s\" #%u: %s", ike->conn->name, ike->serialno, err.reason);
		md_free(&md);
		return;
	}
	if (response)
		msgid_request_done(&ike->window);
	md.ike = ike;
	run_transition(ike, &md, t);
	md_free(&md);
}
