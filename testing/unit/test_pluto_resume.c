/*
 * The responder's side of IKE_SESSION_RESUME (ikev2_resume.c) through
 * the daemon's real packet path (pluto_harness.h): every refused request
 * is answered with an unprotected TICKET_NACK (or a COOKIE demand) and
 * leaves the SA table exactly as it was; the header rules of RFC 5723
 * §4.3.2 ("SPI values and Message ID fields behave similarly to
 * IKE_SA_INIT"); the impairments a gateway can be given (impair.h).
 */
#include "cookie.h"
#include "ike_sa_life.h"
#include "ikev2_numbers.h"
#include "impair.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

#define FLAGS_AT 19
#define MSGID_AT 20

static struct peer peer;
static uint8_t msg[PEER_MSG_MAX];

/* The responder up, the peer holding a ticket from a full exchange. */
static bool start(void)
{
	unit_nss_init();
	if (!harness_start(NULL) || !peer_init(&peer) || !peer_establish(&peer) || peer.ticket.len == 0) {
		CHECK(!"harness, peer or first exchange failed");
		harness_log_dump();
		return false;
	}
	return true;
}

static void stop(void)
{
	const char *why;
	impair_set(WHACK_IMPAIR_NONE, false, &why);
	cookie_set_mode(DDOS_AUTO);
	peer_free(&peer);
	harness_stop();
}

/* A new attempt by the same peer (fresh SPIi and Ni), keeping the ticket. */
static void new_attempt(void)
{
	struct ike_algs algs = peer.algs;
	CHECK(peer_restart(&peer));
	peer.algs = algs;
}

/* A copy of the request that can be edited. */
static struct bytes editable(struct bytes request)
{
	memcpy(msg, request.ptr, request.len);
	return BYTES(msg, request.len);
}

/* Sends `request`; true when the responder answered with N(type) and
 * kept no state. */
static bool refused_with(struct bytes request, uint16_t type)
{
	unsigned long before = harness_state_fingerprint();
	harness_clear_sent();
	harness_receive(request);
	struct ikev2_header hdr;
	struct ikev2_digest d;
	bool ok = harness_sent_count() == 1 && peer_decode(harness_last_sent(), &hdr, &d) &&
		  peer_has_notify(&d, type, NULL) && hdr.exchange == IKEV2_EXCH_IKE_SESSION_RESUME &&
		  hdr.spi_r == 0 && harness_state_fingerprint() == before;
	if (!ok)
		harness_log_dump();
	return ok;
}

/* Sends `request`; true when it was dropped without an answer or state. */
static bool dropped(struct bytes request)
{
	unsigned long before = harness_state_fingerprint();
	harness_clear_sent();
	harness_receive(request);
	return harness_sent_count() == 0 && harness_state_fingerprint() == before;
}

static bool accepted(struct bytes request)
{
	harness_clear_sent();
	harness_receive(request);
	return harness_sent_count() == 1 && peer_resume_response(&peer, harness_last_sent());
}

static void test_good_request_accepted(void)
{
	if (!start())
		return;
	new_attempt();
	unsigned before = harness_sa_count();
	CHECK(accepted(peer_resume(&peer, NULL)));
	CHECK(harness_sa_count() == before + 1);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->state == IKE_RESUME_R);
	stop();
}

/* Message ID 0 and the Initiator flag, as for IKE_SA_INIT. */
static void test_header_rules(void)
{
	if (!start())
		return;
	new_attempt();
	struct bytes m = editable(peer_resume(&peer, NULL));
	msg[MSGID_AT + 3] = 1;		/* message ID 1 */
	CHECK(dropped(m));
	m = editable(peer_resume(&peer, NULL));
	msg[FLAGS_AT] &= (uint8_t)~IKEV2_FLAG_INITIATOR;
	CHECK(dropped(m));
	m = editable(peer_resume(&peer, NULL));
	msg[FLAGS_AT] |= IKEV2_FLAG_RESPONSE;	/* a "response" nobody asked for */
	CHECK(dropped(m));
	/* the same request, unedited, is good */
	CHECK(accepted(peer_resume(&peer, NULL)));
	stop();
}

static void test_tampered_and_truncated_tickets(void)
{
	if (!start())
		return;
	new_attempt();
	uint8_t t[PEER_MSG_MAX / 2];
	size_t n = peer.ticket.len;
	for (size_t at = 0; at < n; at += n / 7 + 1) {
		memcpy(t, peer.ticket.ptr, n);
		t[at] ^= 0x80;
		struct bytes bad = BYTES(t, n);
		CHECK(refused_with(peer_resume(&peer, &bad), IKEV2_N_TICKET_NACK));
	}
	memcpy(t, peer.ticket.ptr, n);
	struct bytes cut = BYTES(t, n - 1);
	CHECK(refused_with(peer_resume(&peer, &cut), IKEV2_N_TICKET_NACK));
	/* an empty TICKET_OPAQUE is a malformed Notify: dropped by the decoder */
	cut.len = 0;
	CHECK(dropped(peer_resume(&peer, &cut)));
	stop();
}

/* Used once (the mark is set when the resumed IKE_AUTH completes). */
static void test_replayed_ticket(void)
{
	if (!start())
		return;
	struct chunk used = chunk_clone(chunk_bytes(peer.ticket));
	CHECK(peer_establish_resumed(&peer));
	new_attempt();
	harness_log_mark();
	struct bytes again = chunk_bytes(used);
	CHECK(refused_with(peer_resume(&peer, &again), IKEV2_N_TICKET_NACK));
	CHECK(harness_log_contains("ticket already used"));
	chunk_free(&used);
	stop();
}

static void test_expired_ticket(void)
{
	if (!start())
		return;
	const char *why;
	new_attempt();
	CHECK(impair_set(WHACK_IMPAIR_TICKET_EXPIRE, true, &why));
	harness_log_mark();
	CHECK(refused_with(peer_resume(&peer, NULL), IKEV2_N_TICKET_NACK));
	CHECK(harness_log_contains("expired"));
	/* the same ticket by the real clock: still good */
	CHECK(impair_set(WHACK_IMPAIR_TICKET_EXPIRE, false, &why));
	CHECK(accepted(peer_resume(&peer, NULL)));
	stop();
}

/* Under load (ddos-mode=busy) a cookie first, then the resume. */
static void test_cookie_first(void)
{
	if (!start())
		return;
	new_attempt();
	cookie_set_mode(DDOS_BUSY);
	CHECK(refused_with(peer_resume(&peer, NULL), IKEV2_N_COOKIE));
	struct ikev2_header hdr;
	struct ikev2_digest d;
	struct bytes cookie = EMPTY_BYTES;
	CHECK(peer_decode(harness_last_sent(), &hdr, &d) && peer_has_notify(&d, IKEV2_N_COOKIE, &cookie));
	peer.cookie = chunk_clone(cookie);
	CHECK(accepted(peer_resume(&peer, NULL)));
	stop();
}

/* ticket-ack: TICKET_ACK instead of a ticket, the IKE SA unaffected. */
static void test_ticket_ack_impairment(void)
{
	const char *why;
	unit_nss_init();
	if (!harness_start(NULL) || !peer_init(&peer)) {
		CHECK(!"harness or peer did not start");
		return;
	}
	CHECK(impair_set(WHACK_IMPAIR_TICKET_ACK, true, &why));
	harness_log_mark();
	CHECK(peer_establish(&peer));
	CHECK(peer.ticket.len == 0);
	CHECK(harness_log_contains("IMPAIR: answering TICKET_ACK"));
	CHECK(ike_sa_first() != NULL && ike_sa_first()->state == IKE_ESTABLISHED);
	stop();
}

UNIT_MAIN(UNIT(test_good_request_accepted), UNIT(test_header_rules), UNIT(test_tampered_and_truncated_tickets),
	  UNIT(test_replayed_ticket), UNIT(test_expired_ticket), UNIT(test_cookie_first),
	  UNIT(test_ticket_ack_impairment))
