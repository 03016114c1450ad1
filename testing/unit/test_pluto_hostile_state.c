/*
 * Hostile sequences against the in-process responder (pluto_harness.h),
 * where what matters is the order of messages, not one message
 * (../shared/notes/bad-inputs.md items 14, 18, 19, 22, 23):
 * retransmit storms, a ticket presented twice (one after the other and
 * concurrently), an expired ticket, a resumed IKE_AUTH with another
 * identity, and the COOKIE challenge under load for both exchanges that
 * open an SA.  test_pluto_hostile.c holds the single-message table.
 */
#include <stdio.h>

#include "cookie.h"
#include "ikev2_exchanges.h"
#include "ikev2_numbers.h"
#include "pluto_craft.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

static struct peer peer, other;

static bool start(void)
{
	unit_nss_init();
	/* debug lines too: drops an attacker can repeat are logged only there */
	if (!harness_start(&(struct harness_options){ .debug = true }) || !peer_init(&peer) ||
	    !peer_init(&other)) {
		CHECK(!"harness or peers did not start");
		return false;
	}
	return true;
}

static void stop(void)
{
	CHECK(harness_kernel_consistent());
	peer_free(&peer);
	peer_free(&other);
	cookie_set_threshold(25000);
	harness_stop();
}

/* The unprotected notify type of the last answer, 0 if none or protected. */
static uint16_t clear_notify(void)
{
	struct ikev2_header hdr;
	static struct ikev2_digest d;
	if (harness_sent_count() == 0 || !peer_decode(harness_last_sent(), &hdr, &d) || d.count == 0 ||
	    d.payloads[0].type != IKEV2_PL_NOTIFY)
		return 0;
	struct ikev2_notify n;
	struct ikev2_error err = { 0 };
	return ikev2_notify_decode(d.payloads[0].body, &n, &err) ? n.type : 0;
}

/* The protected answer's first error notify; 0xffff when it does not open. */
static uint16_t protected_error(struct peer *p)
{
	static struct ikev2_digest d;
	struct chunk plain = { 0 };
	if (harness_sent_count() != 1 || !peer_open(p, harness_last_sent(), &d, &plain))
		return 0xffff;
	uint16_t e = peer_first_error(&d);
	chunk_free(&plain);
	return e;
}

/* 14: the same IKE_SA_INIT 200 times, the same IKE_AUTH 200 times: one
 * SA, one Child SA, and every answer the cached first one. */
static void test_retransmit_storm(void)
{
	if (!start())
		return;
	struct chunk init = chunk_clone(peer_sa_init(&peer));
	harness_receive(chunk_bytes(init));
	CHECK(harness_sent_count() == 1 && peer_sa_init_response(&peer, harness_last_sent()));
	struct chunk first = chunk_clone(harness_last_sent());
	for (int i = 0; i < 200; i++) {
		harness_clear_sent();
		harness_receive(chunk_bytes(init));
		CHECK(harness_sent_count() == 1);
		CHECK_EQ_BYTES(harness_last_sent(), chunk_bytes(first));
	}
	CHECK(harness_sa_count() == 1);
	struct chunk auth = chunk_clone(peer_auth(&peer, 0));
	harness_clear_sent();
	harness_receive(chunk_bytes(auth));
	CHECK(harness_sent_count() == 1 && peer_auth_response(&peer, harness_last_sent()));
	chunk_free(&first);
	first = chunk_clone(harness_last_sent());
	unsigned long fp = harness_state_fingerprint();
	for (int i = 0; i < 200; i++) {
		harness_clear_sent();
		harness_receive(chunk_bytes(auth));
		CHECK(harness_sent_count() == 1);
		CHECK_EQ_BYTES(harness_last_sent(), chunk_bytes(first));
	}
	CHECK(harness_sa_count() == 1 && harness_state_fingerprint() == fp);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->children != NULL &&
	      ike_sa_first()->children->next == NULL);
	chunk_free(&init);
	chunk_free(&auth);
	chunk_free(&first);
	stop();
}

/* The second peer takes over the first one's ticket and keys. */
static void share_ticket(struct peer *to, const struct peer *from, struct bytes ticket)
{
	chunk_free(&to->ticket);
	secret_free(&to->ticket_sk_d);
	to->ticket = chunk_clone(ticket);
	to->ticket_sk_d = secret_clone(secret_bytes(from->ticket_sk_d));
	to->algs = from->algs;
}

/* 19: a ticket resumes once; presented again it is refused before any
 * state is made. */
static void test_ticket_used_twice_in_a_row(void)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	struct chunk ticket = chunk_clone(chunk_bytes(peer.ticket));
	share_ticket(&other, &peer, chunk_bytes(ticket));
	CHECK(peer_establish_resumed(&peer));
	unsigned long fp = harness_state_fingerprint();
	harness_log_mark();
	harness_clear_sent();
	CHECK(peer_restart(&other));
	harness_receive(peer_resume(&other, NULL));
	CHECK(clear_notify() == IKEV2_N_TICKET_NACK);
	CHECK(harness_log_contains("ticket already used"));
	CHECK(harness_state_fingerprint() == fp);
	chunk_free(&ticket);
	stop();
}

/* 19: two resumptions with one ticket in flight at once: both get an
 * IKE_SESSION_RESUME answer (the ticket is claimed at IKE_AUTH), only the
 * first IKE_AUTH wins, the second ends with AUTHENTICATION_FAILED and no SA. */
static void test_ticket_used_twice_concurrently(void)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	share_ticket(&other, &peer, chunk_bytes(peer.ticket));
	struct ike_algs algs = peer.algs;
	CHECK(peer_restart(&peer) && peer_restart(&other));
	peer.algs = other.algs = algs;
	harness_clear_sent();
	harness_receive(peer_resume(&peer, NULL));
	CHECK(harness_sent_count() == 1 && peer_resume_response(&peer, harness_last_sent()));
	harness_clear_sent();
	harness_receive(peer_resume(&other, NULL));
	CHECK(harness_sent_count() == 1 && peer_resume_response(&other, harness_last_sent()));
	unsigned before = harness_sa_count();
	harness_clear_sent();
	harness_receive(peer_auth(&peer, 0));
	CHECK(harness_sent_count() == 1 && peer_auth_response(&peer, harness_last_sent()));
	harness_log_mark();
	harness_clear_sent();
	harness_receive(peer_auth(&other, 0));
	CHECK(protected_error(&other) == IKEV2_N_AUTHENTICATION_FAILED);
	CHECK(harness_log_contains("resumption refused: ticket"));
	/* the winner replaced the original SA; the loser left nothing */
	CHECK(harness_sa_count() == before - 2);
	stop();
}

/* 18: a ticket past its lifetime (8 h) is refused. */
static void test_ticket_expired(void)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	share_ticket(&other, &peer, chunk_bytes(peer.ticket));
	harness_advance(8 * 3600 + 60);
	unsigned long fp = harness_state_fingerprint();
	harness_log_mark();
	harness_clear_sent();
	CHECK(peer_restart(&other));
	harness_receive(peer_resume(&other, NULL));
	CHECK(clear_notify() == IKEV2_N_TICKET_NACK);
	CHECK(harness_log_contains("expired"));
	CHECK(harness_state_fingerprint() == fp);
	stop();
}

/* 23: a resumed IKE_AUTH that differs from what the ticket holds: it is
 * refused with AUTHENTICATION_FAILED, and the resumed SA is gone. */
static void resumed_auth_differs(const struct auth_spec *spec, const char *log)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	share_ticket(&other, &peer, chunk_bytes(peer.ticket));
	struct ike_algs algs = peer.algs;
	CHECK(peer_restart(&other));
	other.algs = algs;
	harness_clear_sent();
	harness_receive(peer_resume(&other, NULL));
	CHECK(harness_sent_count() == 1 && peer_resume_response(&other, harness_last_sent()));
	unsigned before = harness_sa_count();
	harness_log_mark();
	harness_clear_sent();
	harness_receive(craft_auth(&other, spec));
	CHECK(protected_error(&other) == IKEV2_N_AUTHENTICATION_FAILED);
	CHECK(harness_log_contains(log));
	CHECK(harness_sa_count() == before - 1);
	stop();
}

static void test_resumed_auth_other_identity(void)
{
	resumed_auth_differs(&(struct auth_spec){ .id_hex = "02 000000 6d616c6c6f7279" }, "mallory");
}

static void test_resumed_auth_other_idr(void)
{
	resumed_auth_differs(&(struct auth_spec){ .raw = { { IKEV2_PL_IDr, false, "02 000000 6e6f742d65617374" } } },
			     "no connection for ID");
}

static void test_resumed_auth_with_cert(void)
{
	resumed_auth_differs(&(struct auth_spec){ .raw = { { IKEV2_PL_CERT, false, "04 30030201" } } },
			     "CERT payload after resumption refused");
}

static void test_resumed_auth_other_method(void)
{
	resumed_auth_differs(&(struct auth_spec){ .auth_method = 14 }, "peer used AUTH method DIGITAL_SIGNATURE");
}

/* 22: under load both IKE_SA_INIT and IKE_SESSION_RESUME are answered
 * with a COOKIE and no state; the request that echoes it goes on, one
 * without it gets another COOKIE. */
static void test_cookie_under_load(void)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	share_ticket(&other, &peer, chunk_bytes(peer.ticket));
	cookie_set_threshold(0);
	unsigned long fp = harness_state_fingerprint();
	struct bytes cookie;
	static struct ikev2_digest d;
	struct ikev2_header hdr;

	CHECK(peer_restart(&other));
	harness_clear_sent();
	harness_receive(peer_resume(&other, NULL));
	CHECK(clear_notify() == IKEV2_N_COOKIE && harness_state_fingerprint() == fp);
	harness_clear_sent();
	harness_receive(peer_resume(&other, NULL));	/* still without it */
	CHECK(clear_notify() == IKEV2_N_COOKIE && harness_state_fingerprint() == fp);
	CHECK(peer_decode(harness_last_sent(), &hdr, &d) && peer_has_notify(&d, IKEV2_N_COOKIE, &cookie));
	other.cookie = chunk_clone(cookie);
	harness_clear_sent();
	harness_receive(peer_resume(&other, NULL));
	CHECK(harness_sent_count() == 1 && peer_resume_response(&other, harness_last_sent()));

	struct peer third;
	CHECK(peer_init(&third));
	harness_clear_sent();
	harness_receive(peer_sa_init(&third));
	CHECK(clear_notify() == IKEV2_N_COOKIE);
	CHECK(peer_decode(harness_last_sent(), &hdr, &d) && peer_has_notify(&d, IKEV2_N_COOKIE, &cookie));
	third.cookie = chunk_clone(cookie);
	harness_clear_sent();
	harness_receive(peer_sa_init(&third));
	CHECK(harness_sent_count() == 1 && peer_sa_init_response(&third, harness_last_sent()));
	peer_free(&third);
	stop();
}

static struct ike_sa *rekeying_sa(void)
{
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next)
		if (ike->rekeyed_by != NULL)
			return ike;
	return NULL;
}

/* The "rekeying" state: pluto rekeys the IKE SA and waits for the
 * CREATE_CHILD_SA response; hostile answers to it. */
static bool start_rekey(void)
{
	if (!start())
		return false;
	CHECK(peer_establish(&peer));
	harness_clear_sent();
	ikev2_rekey_ike(ike_sa_first());
	CHECK(harness_sent_count() == 1 && harness_sa_count() == 2 && rekeying_sa() != NULL);
	harness_clear_sent();
	harness_log_mark();
	return true;
}

/* A response whose inner payloads do not decode: never answered, and
 * the SA, with the half-negotiated new one, is cleaned up (RFC 7296 §2.21). */
static void test_rekey_malformed_response(void)
{
	if (!start_rekey())
		return;
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, 0, IKEV2_PL_SA,
					   unit_hex("00 00 0008 00000000")));
	CHECK(harness_sent_count() == 0);
	CHECK(harness_log_contains("malformed CREATE_CHILD_SA response"));
	CHECK(harness_sa_count() == 0);
	stop();
}

/* A refusal: the rekey fails, the old SA lives on, the new one is gone. */
static void test_rekey_refused(void)
{
	if (!start_rekey())
		return;
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, 0, IKEV2_PL_NOTIFY,
					   unit_hex("00 00 0008 00 00 000e")));
	CHECK(harness_sent_count() == 0);
	CHECK(harness_log_contains("IKE SA rekey failed (NO_PROPOSAL_CHOSEN)"));
	CHECK(harness_sa_count() == 1 && ike_sa_first()->state == IKE_ESTABLISHED &&
	      ike_sa_first()->rekeyed_by == NULL);
	stop();
}

/* A response with a message ID never used, and one that is a request:
 * dropped, the rekey still waits. */
static void test_rekey_wrong_answers(void)
{
	if (!start_rekey())
		return;
	unsigned long fp = harness_state_fingerprint();
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, 7, IKEV2_PL_NONE, EMPTY_BYTES));
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_INFORMATIONAL, 0, IKEV2_PL_NONE, EMPTY_BYTES));
	CHECK(harness_sent_count() == 0);
	CHECK(harness_state_fingerprint() == fp && rekeying_sa() != NULL &&
	      rekeying_sa()->window.request_outstanding);
	CHECK(harness_log_contains("INFORMATIONAL response to our CREATE_CHILD_SA request 0 dropped"));
	/* shutting down with the rekey in flight (the new SA is the newest) */
	stop();
}

UNIT_MAIN(UNIT(test_rekey_malformed_response), UNIT(test_rekey_refused), UNIT(test_rekey_wrong_answers),
	  UNIT(test_retransmit_storm), UNIT(test_ticket_used_twice_in_a_row),
	  UNIT(test_ticket_used_twice_concurrently), UNIT(test_ticket_expired),
	  UNIT(test_resumed_auth_other_identity), UNIT(test_resumed_auth_other_idr),
	  UNIT(test_resumed_auth_with_cert), UNIT(test_resumed_auth_other_method), UNIT(test_cookie_under_load))
