/*
 * A full good exchange through the daemon's real packet path
 * (pluto_harness.h): IKE_SA_INIT, IKE_AUTH with a ticket, INFORMATIONAL,
 * a retransmitted request, then IKE_SESSION_RESUME with that ticket.
 * The hostile tests start from these same steps, so this proves the
 * baseline they break works.
 */
#include <string.h>

#include "ikev2_numbers.h"
#include "kernel.h"
#include "kernel_glue.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

static struct peer peer;

static bool start(void)
{
	unit_nss_init();
	if (!harness_start(NULL) || !peer_init(&peer)) {
		CHECK(!"harness or peer did not start");
		return false;
	}
	return true;
}

static void stop(void)
{
	CHECK(harness_kernel_consistent());
	peer_free(&peer);
	harness_stop();
}

static void test_full_exchange(void)
{
	if (!start())
		return;
	harness_log_mark();
	harness_receive(peer_sa_init(&peer));
	CHECK(harness_sent_count() == 1);
	CHECK(peer_sa_init_response(&peer, harness_last_sent()));
	CHECK(harness_sa_count() == 1);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->state == IKE_SA_INIT_R);
	CHECK(harness_log_contains("responded to IKE_SA_INIT"));

	harness_clear_sent();
	harness_receive(peer_auth(&peer, 0));
	CHECK(harness_sent_count() == 1);
	CHECK(peer_auth_response(&peer, harness_last_sent()));
	CHECK(ike_sa_first() != NULL && ike_sa_first()->state == IKE_ESTABLISHED);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->children != NULL);
	CHECK(peer.ticket.len > 0);
	if (!harness_log_contains("established"))
		harness_log_dump();
	CHECK(harness_log_contains("established"));
	stop();
}

/* The same IKE_AUTH again: the cached answer, byte for byte. */
static void test_retransmit_answered_from_cache(void)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	struct chunk first = chunk_clone(harness_last_sent());
	unsigned long before = harness_state_fingerprint();
	/* the peer re-sends its IKE_AUTH request: rebuild it identically is
	 * impossible (fresh IV), so re-send the captured bytes instead */
	harness_clear_sent();
	harness_receive(peer_auth(&peer, 0));	/* same message ID 1, new bytes */
	CHECK(harness_sent_count() == 1);
	CHECK_EQ_BYTES(harness_last_sent(), chunk_bytes(first));
	CHECK(harness_state_fingerprint() == before);
	chunk_free(&first);
	stop();
}

/* An empty INFORMATIONAL (liveness) is answered, protected. */
static void test_informational(void)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	harness_clear_sent();
	harness_receive(peer_seal(&peer, IKEV2_EXCH_INFORMATIONAL, 2, IKEV2_PL_NONE, EMPTY_BYTES));
	CHECK(harness_sent_count() == 1);
	struct ikev2_digest inner;
	struct chunk plain;
	CHECK(peer_open(&peer, harness_last_sent(), &inner, &plain));
	CHECK(inner.count == 0);
	chunk_free(&plain);
	stop();
}

static void test_resume(void)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	CHECK(harness_sa_count() == 1);
	harness_log_mark();
	CHECK(peer_establish_resumed(&peer));
	if (!peer.resumed)
		harness_log_dump();
	CHECK(peer.resumed);
	/* the resumed SA replaces the old one of the same peer */
	CHECK(harness_sa_count() == 1);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->resumed &&
	      ike_sa_first()->state == IKE_ESTABLISHED);
	stop();
}

/* RFC 7296 §2.11: an answer goes back from the port its request arrived
 * on to the one it came from.  Here no NAT is seen, so the SA stays on
 * 500, yet the peer sends IKE_AUTH to 4500 (strongSwan does so whenever
 * its own NAT-D check says so): the answer must come from 4500. */
static void test_answer_from_request_port(void)
{
	if (!start())
		return;
	uint16_t from = 0, to = 0;
	harness_receive(peer_sa_init(&peer));
	CHECK(peer_sa_init_response(&peer, harness_last_sent()));
	harness_last_sent_ports(&from, &to);
	CHECK(from == 500 && to == 500);

	harness_clear_sent();
	struct bytes auth = peer_auth(&peer, 0);
	static uint8_t buf[PEER_MSG_MAX + 4];	/* the zero non-ESP marker, then IKE */
	memset(buf, 0, 4);
	memcpy(buf + 4, auth.ptr, auth.len);
	harness_receive_natt(BYTES(buf, auth.len + 4));
	CHECK(harness_sent_count() == 1);
	CHECK(peer_auth_response(&peer, harness_last_sent()));
	harness_last_sent_ports(&from, &to);
	CHECK(from == 4500 && to == 4500);
	/* no NAT: the SA itself did not move */
	CHECK(ike_sa_first() != NULL && ike_sa_first()->remote.port == 500);
	stop();
}

/* A daemon killed without clean-up leaves its policies in the kernel, and
 * the restarted one negotiates the same tunnel again: the leftovers answer
 * EEXIST and are replaced; the Child SA is not refused. */
static void test_leftover_policies_replaced(void)
{
	if (!start())
		return;
	CHECK(peer_establish(&peer));
	const struct child_sa *c = ike_sa_first() != NULL ? ike_sa_first()->children : NULL;
	CHECK(c != NULL);
	if (c == NULL) {
		stop();
		return;
	}
	struct kernel_selector out = { .src = c->ts_local, .dst = c->ts_remote, .ipproto = c->ts_proto,
				       .sport = c->ts_lport, .dport = c->ts_rport };
	struct kernel_selector in = { .src = c->ts_remote, .dst = c->ts_local, .ipproto = c->ts_proto,
				      .sport = c->ts_rport, .dport = c->ts_lport };
	bool transport = c->transport;
	harness_drop_all();	/* the daemon's own record is gone, as after kill -9 */
	static const enum kernel_policy_dir dirs[] = { KERNEL_POLICY_OUT, KERNEL_POLICY_IN, KERNEL_POLICY_FWD };
	for (size_t d = 0; d < 3; d++) {
		if (transport && dirs[d] == KERNEL_POLICY_FWD)
			continue;
		struct kernel_policy p = { .dir = dirs[d], .sel = dirs[d] == KERNEL_POLICY_OUT ? out : in,
					   .priority = 1000, .action = KERNEL_POLICY_DROP };
		struct kernel_err err = { 0 };
		CHECK(kernel_glue_ops()->add_policy(&p, &err));
	}
	CHECK(peer_restart(&peer));
	CHECK(peer_establish(&peer));
	CHECK(ike_sa_first() != NULL && ike_sa_first()->children != NULL);
	stop();	/* the kernel holds exactly the new Child SA's policies */
}

UNIT_MAIN(UNIT(test_full_exchange), UNIT(test_answer_from_request_port),
	  UNIT(test_leftover_policies_replaced), UNIT(test_retransmit_answered_from_cache),
	  UNIT(test_informational), UNIT(test_resume))
