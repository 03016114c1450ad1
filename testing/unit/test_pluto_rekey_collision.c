/*
 * Exchange collisions on CREATE_CHILD_SA (RFC 7296 §2.8.1, §2.25) through
 * the daemon's real packet path (pluto_harness.h): the responder pluto and
 * the scripted peer rekey the same Child SA at once; each answers the
 * other's request; the exchange holding the lowest of the four nonces
 * loses and its initiator deletes the SA it made.  The peer chooses its
 * own nonces, so each test decides who loses, and checks that pluto
 * deletes exactly the right SA and that one valid SA is left in the end.
 * Then the TEMPORARY_FAILURE cases: a Child SA request while pluto rekeys
 * the IKE SA, an IKE SA rekey while pluto rekeys a Child SA.
 */
#include <arpa/inet.h>

#include "ike_sa_life.h"
#include "ikev2_builder.h"
#include "ikev2_dh.h"
#include "ikev2_exchanges.h"
#include "ikev2_numbers.h"
#include "ikev2_payloads.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

static struct peer peer;
static struct ike_sa *established;	/* set by start() */

/* pfs: the conn's pfs= (the collision cases script answers without KE) */
static bool start_pfs(bool pfs)
{
	unit_nss_init();
	struct harness_options o = { .extra_conn = pfs ? NULL : "\tpfs=no" };
	if (!harness_start(&o) || !peer_init(&peer) || !peer_establish(&peer)) {
		CHECK(!"harness or peer did not start");
		return false;
	}
	established = ike_sa_first();
	return true;
}

static bool start(void)
{
	return start_pfs(false);
}

static void stop(void)
{
	CHECK(harness_kernel_consistent());
	peer_free(&peer);
	harness_stop();
}


/* The peer's IKE SA (an IKE rekey of pluto's puts the new one first). */
static struct ike_sa *the_ike(void)
{
	return established;
}

static unsigned child_count(void)
{
	return harness_child_count(the_ike());
}

static struct child_sa *child_serial(unsigned serialno)
{
	for (struct child_sa *c = the_ike()->children; c != NULL; c = c->next)
		if (c->serialno == serialno)
			return c;
	return NULL;
}

/* A Child SA a rekey replaced and pluto deletes: only its inbound SA is
 * left, for what the peer sends before our DELETE reaches it. */
static bool going(unsigned serialno)
{
	struct child_sa *c = child_serial(serialno);
	return c != NULL && c->deleting && c->installed && !c->out_installed;
}

/* The responder of a rekey: the new SA's outbound SA is held back. */
static bool held(const struct child_sa *c)
{
	return c != NULL && c->installed && !c->out_installed && c->out_keymat.ptr != NULL;
}

static struct child_sa *child_spi_out(const uint8_t spi[4])
{
	for (struct child_sa *c = the_ike()->children; c != NULL; c = c->next)
		if (memcmp(&c->spi_out, spi, 4) == 0)
			return c;
	return NULL;
}

/* The peer's request to rekey the Child SA whose inbound SPI (ours) is old. */
static struct bytes peer_rekey_request(const uint8_t old[4], const uint8_t spi[4], struct bytes ni)
{
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	struct ikev2_notify n = { .protocol = IKEV2_PROTO_ESP, .type = IKEV2_N_REKEY_SA, .spi = BYTES(old, 4) };
	ikev2_msg_add_notify(&ib, &n);
	peer_child_payloads(&ib, spi, ni, NULL, 2, 1);
	return peer_seal_chain(&peer, IKEV2_EXCH_CREATE_CHILD_SA, peer.next_msgid++, &ib);
}

static struct bytes fill(uint8_t *buf, uint8_t v)
{
	memset(buf, v, 32);
	return BYTES(buf, 32);
}

/*
 * The crossing: pluto sends its rekey request (exchange A), the peer's
 * (exchange B) arrives before A's response, pluto answers B, then A's
 * response arrives.  peer_low_in: which of the peer's nonces is all
 * zeros (the lowest of the four): its Ni (B loses) or its Nr (A loses).
 */
static void collide(bool a_loses, bool early_delete)
{
	if (!start())
		return;
	struct child_sa *old = the_ike()->children;
	CHECK(old != NULL && child_count() == 1);
	if (old == NULL)
		return;
	unsigned old_serial = old->serialno;
	uint8_t old_in[4], old_peer_in[4];
	memcpy(old_in, &old->spi_in, 4);
	memcpy(old_peer_in, &old->spi_out, 4);

	/* A: pluto's request */
	harness_clear_sent();
	harness_log_mark();
	ikev2_rekey_child(old);
	struct peer_seen a_req, b_resp, a_del;
	CHECK(harness_sent_count() == 1);
	CHECK(peer_read_sent(&peer, harness_last_sent(), &a_req));
	CHECK(a_req.exchange == IKEV2_EXCH_CREATE_CHILD_SA && !a_req.response && a_req.nonce_len > 0);
	CHECK(the_ike()->pending_child != NULL);
	unsigned a_serial = the_ike()->pending_child != NULL ? the_ike()->pending_child->serialno : 0;

	/* B: the peer's request for the same SA, answered as usual */
	uint8_t lo[32], hi[32];
	const uint8_t b_spi[4] = { 0x0b, 0x0b, 0x0b, 0x0b }, a_spi[4] = { 0x0a, 0x0a, 0x0a, 0x0a };
	harness_clear_sent();
	harness_receive(peer_rekey_request(old_peer_in, b_spi, a_loses ? fill(hi, 0xff) : fill(lo, 0)));
	CHECK(harness_sent_count() == 1);
	CHECK(peer_read_sent(&peer, harness_last_sent(), &b_resp));
	CHECK(b_resp.response && b_resp.error == 0 && b_resp.nonce_len > 0);
	CHECK(harness_log_contains("while we do"));
	struct child_sa *b = child_spi_out(b_spi);
	CHECK(b != NULL && child_count() == 2);
	CHECK(held(b));	/* pluto keeps sending on the old SA */
	unsigned b_serial = b != NULL ? b->serialno : 0;

	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	if (early_delete) {
		/* the peer's B won and it deletes the old SA before it answers
		 * A: pluto must still know that A lost */
		ikev2_chain_start(&ib, &plain);
		struct ikev2_delete od = { .protocol = IKEV2_PROTO_ESP, .spi_size = 4, .nspi = 1,
					   .spis = BYTES(old_peer_in, 4) };
		ikev2_msg_add_delete(&ib, &od);
		harness_receive(peer_seal_chain(&peer, IKEV2_EXCH_INFORMATIONAL, peer.next_msgid++, &ib));
		CHECK(child_serial(old_serial) == NULL && child_count() == 1);
		CHECK(b->out_installed && b->out_keymat.ptr == NULL);	/* B sends now */
	}

	/* A's response: pluto decides */
	ikev2_chain_start(&ib, &plain);
	peer_child_payloads(&ib, a_spi, a_loses ? fill(lo, 0) : fill(hi, 0xff), NULL, 1, 2);
	struct bytes inner;
	CHECK(ikev2_msg_finish(&ib, &inner));
	harness_clear_sent();
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, a_req.msgid, ib.first, inner));
	CHECK(harness_log_contains(a_loses ? "ours (#" : "simultaneous rekey"));
	CHECK(harness_log_contains(a_loses ? ") loses" : ") wins"));
	/* pluto's one DELETE: the SA its losing exchange made, or the old one */
	CHECK(harness_sent_count() == 1);
	CHECK(peer_read_sent(&peer, harness_last_sent(), &a_del));
	CHECK(a_del.exchange == IKEV2_EXCH_INFORMATIONAL && !a_del.response && a_del.ndeleted == 1);
	/* the SA it deletes keeps its inbound SA until the answer */
	CHECK(child_count() == (early_delete ? 2u : 3u));
	CHECK(child_serial(b_serial) != NULL);
	CHECK(going(a_loses ? a_serial : old_serial));
	if (early_delete) {
		CHECK(memcmp(a_del.deleted, a_req.spi, 4) == 0);
		CHECK(the_ike()->children != NULL && the_ike()->children->owns_policies);
		stop();
		return;
	}
	if (a_loses) {
		CHECK(child_serial(old_serial) != NULL && child_serial(old_serial)->out_installed);
		CHECK(held(b));	/* until the peer deletes the old SA */
		CHECK(memcmp(a_del.deleted, a_req.spi, 4) == 0);
	} else {
		CHECK(child_serial(a_serial) != NULL && child_serial(a_serial)->out_installed);
		CHECK(held(b));	/* B lost: it never sends */
		CHECK(memcmp(a_del.deleted, old_in, 4) == 0);
	}
	CHECK(harness_kernel_consistent());

	/* the peer answers the DELETE, then deletes its own redundant SA:
	 * the old one (its B won) or B (it lost) */
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_INFORMATIONAL, a_del.msgid, IKEV2_PL_NONE,
					   EMPTY_BYTES));
	CHECK(child_count() == 2 && child_serial(a_loses ? a_serial : old_serial) == NULL);
	CHECK(harness_kernel_consistent());
	ikev2_chain_start(&ib, &plain);
	struct ikev2_delete del = { .protocol = IKEV2_PROTO_ESP, .spi_size = 4, .nspi = 1,
				    .spis = BYTES(a_loses ? old_peer_in : b_spi, 4) };
	ikev2_msg_add_delete(&ib, &del);
	harness_clear_sent();
	harness_receive(peer_seal_chain(&peer, IKEV2_EXCH_INFORMATIONAL, peer.next_msgid++, &ib));
	CHECK(harness_sent_count() == 1);
	/* one Child SA left, the winner, with the policies */
	CHECK(child_count() == 1);
	struct child_sa *left = the_ike()->children;
	CHECK(left != NULL && left->serialno == (a_loses ? b_serial : a_serial));
	CHECK(left != NULL && left->installed && left->out_installed && left->owns_policies);
	CHECK(the_ike()->state == IKE_ESTABLISHED && the_ike()->pending_child == NULL);
	stop();
}

static void test_collision_ours_loses(void)
{
	collide(true, false);
}

static void test_collision_ours_wins(void)
{
	collide(false, false);
}

/* the race ikev2-rekey-collision met: the old SA is gone before A's answer */
static void test_collision_lost_after_old_deleted(void)
{
	collide(true, true);
}

/* §2.25.2: the peer rekeys the Child SA while pluto is busy with the IKE
 * SA (busy() starts that, with one message): TEMPORARY_FAILURE, the
 * Child SA untouched, the reason (`why`) logged. */
static void child_rekey_refused(void (*busy)(struct ike_sa *), const char *why)
{
	if (!start())
		return;
	struct child_sa *old = the_ike()->children;
	uint8_t old_peer_in[4], spi[4] = { 1, 2, 3, 4 }, ni[32];
	memcpy(old_peer_in, &old->spi_out, 4);
	harness_clear_sent();
	busy(the_ike());
	CHECK(harness_sent_count() == 1);
	harness_clear_sent();
	harness_log_mark();
	harness_receive(peer_rekey_request(old_peer_in, spi, fill(ni, 0x42)));
	struct peer_seen s;
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &s));
	CHECK(s.response && s.error == IKEV2_N_TEMPORARY_FAILURE);
	CHECK(child_count() == 1 && the_ike()->children == old);
	CHECK(harness_log_contains(why));
	stop();
}

/* --down while pluto's rekey of the Child SA is in flight: the answer's
 * new SA is deleted at once, and the old one's queued DELETE follows. */
static void test_down_while_rekeying(void)
{
	if (!start())
		return;
	struct child_sa *old = the_ike()->children;
	uint32_t old_in = old->spi_in;
	harness_clear_sent();
	ikev2_rekey_child(old);
	struct peer_seen req, del;
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &req));
	ikev2_delete_child(old);	/* queued: the window is taken */
	CHECK(old->delete_queued && !old->installed && harness_sent_count() == 1);
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	uint8_t nr[32];
	const uint8_t spi[4] = { 0x5a, 0x5a, 0x5a, 0x5a };
	peer_child_payloads(&ib, spi, fill(nr, 0x66), NULL, 1, 2);
	struct bytes inner;
	CHECK(ikev2_msg_finish(&ib, &inner));
	harness_clear_sent();
	harness_log_mark();
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, req.msgid, ib.first, inner));
	CHECK(harness_log_contains("taken down meanwhile"));
	struct child_sa *new = child_spi_out(spi);
	CHECK(new != NULL && going(new->serialno));
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &del) && del.ndeleted == 1);
	CHECK(new != NULL && memcmp(del.deleted, &new->spi_in, 4) == 0);
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_INFORMATIONAL, del.msgid, IKEV2_PL_NONE, EMPTY_BYTES));
	CHECK(child_count() == 1 && the_ike()->children == old && harness_kernel_consistent());
	harness_clear_sent();
	ikev2_child_delete_retry(old);	/* what its timer does */
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &del) && del.ndeleted == 1);
	CHECK(memcmp(del.deleted, &old_in, 4) == 0 && child_count() == 0);
	stop();
}

/* a liveness probe in flight, then --down of the Child SA: its DELETE waits */
static void probe_then_delete_child(struct ike_sa *ike)
{
	CHECK(ikev2_send_liveness(ike));
	ikev2_delete_child(ike->children);
}

/* §2.25.1: the peer rekeys a Child SA pluto is closing */
static void test_child_rekey_of_child_being_deleted(void)
{
	child_rekey_refused(probe_then_delete_child, "REKEY_SA for a Child SA being deleted");
}

static void test_child_rekey_during_ike_rekey(void)
{
	child_rekey_refused(ikev2_rekey_ike, "while we rekey the IKE SA");
}

static void test_child_rekey_while_deleting(void)
{
	child_rekey_refused(ikev2_delete_ike_sa, "being deleted");
}

/* §2.25.1: an IKE SA rekey from the peer while pluto rekeys a Child SA;
 * then pluto's Child SA rekey refused with TEMPORARY_FAILURE is tried
 * again later, not at once. */
static void test_ike_rekey_during_child_rekey(void)
{
	if (!start())
		return;
	struct child_sa *old = the_ike()->children;
	harness_clear_sent();
	ikev2_rekey_child(old);
	struct peer_seen req, s;
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &req));

	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	static struct ikev2_sa ike;
	memset(&ike, 0, sizeof(ike));
	uint8_t spi[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, ni[32], ke_data[64];
	ikev2_sa_add_proposal(&ike, IKEV2_PROTO_IKE, BYTES(spi, 8));
	ikev2_sa_add_transform(&ike, IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	ikev2_sa_add_transform(&ike, IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	ikev2_sa_add_transform(&ike, IKEV2_TRANS_DH, 19, 0);
	ikev2_msg_add_sa(&ib, &ike);
	ikev2_msg_add_nonce(&ib, fill(ni, 0x42));
	memset(ke_data, 0x33, sizeof(ke_data));
	struct ikev2_ke ke = { .group = 19, .data = BYTES(ke_data, sizeof(ke_data)) };
	ikev2_msg_add_ke(&ib, &ke);
	harness_clear_sent();
	harness_log_mark();
	unsigned sas = harness_sa_count();
	harness_receive(peer_seal_chain(&peer, IKEV2_EXCH_CREATE_CHILD_SA, peer.next_msgid++, &ib));
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &s));
	CHECK(s.response && s.error == IKEV2_N_TEMPORARY_FAILURE);
	CHECK(harness_sa_count() == sas);

	/* the peer refuses pluto's rekey the same way */
	struct ikev2_notify tf = { .type = IKEV2_N_TEMPORARY_FAILURE };
	ikev2_chain_start(&ib, &plain);
	ikev2_msg_add_notify(&ib, &tf);
	struct bytes inner;
	CHECK(ikev2_msg_finish(&ib, &inner));
	harness_clear_sent();
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, req.msgid, ib.first, inner));
	CHECK(harness_log_contains("refused: TEMPORARY_FAILURE"));
	CHECK(the_ike()->pending_child == NULL && child_count() == 1 && !old->rekeying);
	harness_clear_sent();
	harness_advance(1.0);
	CHECK(harness_sent_count() == 0);	/* not at once */
	stop();
}

/* The peer's rekey request with a KEi of `group` (PFS). */
static struct bytes peer_pfs_request(const uint8_t old[4], const uint8_t spi[4], struct bytes ni,
				     const struct dh_keypair *kp)
{
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	struct ikev2_notify n = { .protocol = IKEV2_PROTO_ESP, .type = IKEV2_N_REKEY_SA, .spi = BYTES(old, 4) };
	ikev2_msg_add_notify(&ib, &n);
	struct ikev2_ke ke = { .group = dh_keypair_group(kp)->id, .data = dh_keypair_public(kp) };
	peer_child_payloads(&ib, spi, ni, &ke, 2, 1);
	return peer_seal_chain(&peer, IKEV2_EXCH_CREATE_CHILD_SA, peer.next_msgid++, &ib);
}

static uint16_t ke_group_of(struct bytes msg, struct bytes *data)
{
	struct ikev2_digest inner;
	struct chunk plain;
	uint16_t group = 0;
	if (!peer_open(&peer, msg, &inner, &plain))
		return 0;
	const struct ikev2_payload *p = ikev2_digest_first(&inner, IKEV2_PL_KE);
	struct ikev2_ke ke;
	struct ikev2_error err = { 0 };
	if (p != NULL && ikev2_ke_decode(p->body, &ke, &err)) {
		group = ke.group;
		static uint8_t buf[1024];
		memcpy(buf, ke.data.ptr, ke.data.len < sizeof(buf) ? ke.data.len : sizeof(buf));
		*data = BYTES(buf, ke.data.len < sizeof(buf) ? ke.data.len : sizeof(buf));
	}
	chunk_free(&plain);
	return group;
}

/* pfs=yes, responder: a KEi in the IKE SA's group gets a KEr of that
 * group, and both ends reach the same g^ir; a KEi of another group gets
 * INVALID_KE_PAYLOAD naming the IKE SA's. */
static void test_pfs_responder(void)
{
	if (!start_pfs(true))
		return;
	struct child_sa *old = the_ike()->children;
	uint8_t old_peer_in[4], spi[4] = { 9, 9, 9, 9 }, ni[32];
	memcpy(old_peer_in, &old->spi_out, 4);
	struct dh_keypair *kp = NULL;
	struct crypto_error err = { 0 };
	CHECK(dh_keypair_new(dh_by_id(14), &kp, &err));
	harness_clear_sent();
	harness_receive(peer_pfs_request(old_peer_in, spi, fill(ni, 0x42), kp));
	struct peer_seen s;
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &s));
	CHECK(s.error == IKEV2_N_INVALID_KE_PAYLOAD && child_count() == 1);
	dh_keypair_free(&kp);

	CHECK(dh_keypair_new(dh_by_id(19), &kp, &err));
	harness_clear_sent();
	harness_log_mark();
	harness_receive(peer_pfs_request(old_peer_in, spi, fill(ni, 0x42), kp));
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &s));
	CHECK(s.error == 0 && child_count() == 2);
	struct bytes ker = EMPTY_BYTES;
	CHECK(ke_group_of(harness_last_sent(), &ker) == 19);
	struct secret g_ir = { 0 };
	CHECK(ker.len > 0 && dh_shared_secret(kp, ker, &g_ir, &err));
	secret_free(&g_ir);
	dh_keypair_free(&kp);
	/* pluto sends on the old SA until the peer deletes it, then on the new */
	struct child_sa *new = child_spi_out(spi);
	CHECK(held(new) && old->out_installed && harness_kernel_consistent());
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	struct ikev2_delete od = { .protocol = IKEV2_PROTO_ESP, .spi_size = 4, .nspi = 1,
				   .spis = BYTES(old_peer_in, 4) };
	ikev2_msg_add_delete(&ib, &od);
	harness_clear_sent();
	harness_receive(peer_seal_chain(&peer, IKEV2_EXCH_INFORMATIONAL, peer.next_msgid++, &ib));
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &s) && s.ndeleted == 1);
	CHECK(child_count() == 1 && new != NULL && new->out_installed && new->out_keymat.ptr == NULL);
	stop();
}

/* pfs=yes, initiator: the request carries a KEi of the IKE SA's group;
 * a response without KEr is refused; INVALID_KE_PAYLOAD(20) makes pluto
 * ask again with group 20; a response with KEr installs the new SA. */
static void test_pfs_initiator(void)
{
	if (!start_pfs(true))
		return;
	struct child_sa *old = the_ike()->children;
	harness_clear_sent();
	ikev2_rekey_child(old);
	struct peer_seen req;
	struct bytes kei = EMPTY_BYTES;
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &req));
	CHECK(ke_group_of(harness_last_sent(), &kei) == 19);

	/* INVALID_KE_PAYLOAD, group 20 */
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	uint8_t g20[2] = { 0, 20 };
	struct ikev2_notify ik = { .type = IKEV2_N_INVALID_KE_PAYLOAD, .data = BYTES(g20, 2) };
	ikev2_msg_add_notify(&ib, &ik);
	struct bytes inner;
	CHECK(ikev2_msg_finish(&ib, &inner));
	harness_clear_sent();
	harness_log_mark();
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, req.msgid, ib.first, inner));
	CHECK(harness_log_contains("peer wants PFS group 20"));
	CHECK(child_count() == 1 && the_ike()->pending_child == NULL);
	/* the retry timer runs on libevent's own clock: do what it does */
	CHECK(old->rekey_wanted && old->pfs_group == 20);
	ikev2_rekey_child(old);
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &req));
	CHECK(ke_group_of(harness_last_sent(), &kei) == 20);

	/* the answer, with our KEr of group 20 */
	struct dh_keypair *kp = NULL;
	struct crypto_error err = { 0 };
	CHECK(dh_keypair_new(dh_by_id(20), &kp, &err));
	uint8_t nr[32];
	const uint8_t spi[4] = { 7, 7, 7, 7 };
	ikev2_chain_start(&ib, &plain);
	struct ikev2_ke ke = { .group = 20, .data = dh_keypair_public(kp) };
	peer_child_payloads(&ib, spi, fill(nr, 0x55), &ke, 1, 2);
	CHECK(ikev2_msg_finish(&ib, &inner));
	harness_clear_sent();
	harness_log_mark();
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, req.msgid, ib.first, inner));
	CHECK(harness_log_contains("Child SA rekeyed"));
	/* the old one is being deleted: gone with the answer */
	CHECK(child_spi_out(spi) != NULL && child_count() == 2);
	CHECK(going(the_ike()->children->next->serialno));
	struct peer_seen del;
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &del) && del.ndeleted == 1);
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_INFORMATIONAL, del.msgid, IKEV2_PL_NONE, EMPTY_BYTES));
	CHECK(child_spi_out(spi) != NULL && child_count() == 1);
	CHECK(the_ike()->cc_dh == NULL);
	dh_keypair_free(&kp);
	stop();
}

UNIT_MAIN(UNIT(test_pfs_responder), UNIT(test_pfs_initiator), UNIT(test_collision_ours_loses), UNIT(test_collision_ours_wins), UNIT(test_collision_lost_after_old_deleted),
	  UNIT(test_child_rekey_during_ike_rekey), UNIT(test_child_rekey_of_child_being_deleted), UNIT(test_down_while_rekeying), UNIT(test_child_rekey_while_deleting), UNIT(test_ike_rekey_during_child_rekey))
