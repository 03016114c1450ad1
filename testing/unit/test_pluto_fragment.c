/*
 * IKEv2 fragmentation (RFC 7383) through the daemon's real packet path
 * (pluto_harness.h): negotiation in IKE_SA_INIT, an IKE_AUTH request sent
 * by the scripted peer as SKF fragments and reassembled, the responder's
 * own fragmented answer (fragmentation=force) re-assembled here and
 * checked like any IKE_AUTH response, retransmissions (only fragment 1
 * triggers the cached set again), and hostile fragment sets: numbers out
 * of range, a changing Total Fragments, too many, too large, duplicates,
 * a forged ICV, fragments without negotiation, a missing fragment and
 * the reassembly timeout, a new message ID over a partial set.  Each
 * checks the answer (or its absence), the SA table and a log line; under
 * ASan the same run proves no crash and no leak.
 */
#include <stdio.h>
#include <string.h>

#include "ikev2_builder.h"
#include "ikev2_fragment.h"
#include "ikev2_message.h"
#include "ikev2_numbers.h"
#include "ikev2_sk.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

static struct peer peer;

static bool start(const char *extra, bool peer_offers)
{
	unit_nss_init();
	struct harness_options o = { .extra_conn = extra };
	if (!harness_start(&o) || !peer_init(&peer)) {
		CHECK(!"harness or peer did not start");
		return false;
	}
	peer.fragmentation = peer_offers;
	return true;
}

static void stop(void)
{
	peer_free(&peer);
	harness_stop();
}

/* IKE_SA_INIT through the responder; true when the answer offers fragmentation. */
static bool sa_init(void)
{
	harness_clear_sent();
	harness_receive(peer_sa_init(&peer));
	struct bytes r = harness_last_sent();
	CHECK(harness_sent_count() == 1 && peer_sa_init_response(&peer, r));
	struct ikev2_header hdr;
	struct ikev2_digest outer;
	bool offered = peer_decode(r, &hdr, &outer) &&
		       peer_has_notify(&outer, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL);
	harness_clear_sent();	/* frees r */
	return offered;
}

/* One SKF message of the peer: content sealed as fragment number/total. */
static struct bytes seal_frag(uint8_t exchange, uint32_t msgid, uint8_t first, uint16_t number,
			      uint16_t total, struct bytes content)
{
	return peer_seal_fragment(&peer, exchange, msgid, first, number, total, content);
}

/* The peer's good IKE_AUTH content (in peer.plain). */
static struct bytes auth_content(uint8_t *first)
{
	struct ikev2_builder ib;
	struct wire_out plain;
	struct bytes content = EMPTY_BYTES;
	peer_auth_chain(&peer, &ib, &plain, 0);
	CHECK(ikev2_msg_finish(&ib, &content));
	*first = ib.first;
	return content;
}

/* Piece i (0-based) of content cut into n. */
static struct bytes piece(struct bytes content, unsigned i, unsigned n)
{
	size_t per = (content.len + n - 1) / n, off = i * per;
	if (off >= content.len)
		return EMPTY_BYTES;
	return BYTES(content.ptr + off, content.len - off < per ? content.len - off : per);
}

/* Sends fragment `number` of the IKE_AUTH content cut into `total`. */
static void send_auth_frag(struct bytes content, uint8_t first, uint16_t number, uint16_t total)
{
	harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, number, total,
				  piece(content, number - 1u, total)));
}

/*
 * The responder's datagrams as one fragment set, checked (numbers in
 * order, the same total, the real next payload only in fragment 1) and
 * re-sealed whole with the peer's inbound key as one SK message, so that
 * peer_auth_response() and peer_open() judge its content.  Returns the
 * number of fragments, 0 when the set is wrong.
 */
static uint8_t opened[PEER_MSG_MAX];
static size_t opened_len;	/* of the last set unfragment_list() opened */

static unsigned unfragment_list(const struct bytes *msgs, size_t n, struct bytes *whole)
{
	static uint8_t msg[PEER_MSG_MAX];
	size_t len = 0;
	uint8_t first = 0;
	struct ikev2_header hdr = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct ikev2_message m;
		struct ikev2_error err = { 0 };
		struct crypto_error cerr = { 0 };
		struct ikev2_skf skf;
		struct bytes aad;
		struct chunk plain = { 0 };
		if (!ikev2_message_decode(msgs[i], &m, &err))
			return 0;
		const struct ikev2_payload *enc = ikev2_message_encrypted(&m);
		if (enc == NULL || enc->type != IKEV2_PL_SKF || !ikev2_skf_decode(enc->body, enc->next, &skf, &err) ||
		    skf.number != i + 1 || skf.total != n || !ikev2_message_aad(&m, &aad) ||
		    !sk_open(peer.sk_in, aad, skf.body, &plain, &cerr))
			return 0;
		if (i == 0) {
			hdr = m.hdr;
			first = skf.first_inner;
		}
		if (len + plain.len <= sizeof(opened) && plain.len > 0)
			memcpy(opened + len, plain.ptr, plain.len);
		len += plain.len;
		chunk_free(&plain);
	}
	struct wire_out out = wire_out_buf(msg, sizeof(msg));
	struct ikev2_builder b;
	struct bytes aad;
	struct crypto_error cerr = { 0 };
	ikev2_msg_start(&b, &out, &hdr);
	if (n == 0 || len > sizeof(opened) ||
	    !ikev2_msg_sk_layout(&b, first, sk_body_len(peer.sk_in, len), &aad) ||
	    !sk_seal(peer.sk_in, aad, BYTES(opened, len), 1, &out, &cerr) || !ikev2_msg_finish(&b, whole))
		return 0;
	opened_len = len;
	return (unsigned)n;
}

/* The same over what the responder sent since the last clear. */
static unsigned unfragment(struct bytes *whole)
{
	static struct bytes msgs[FRAG_MAX_FRAGMENTS + 1];
	size_t n = harness_sent_count();
	if (n > FRAG_MAX_FRAGMENTS)
		return 0;
	for (size_t i = 0; i < n; i++)
		msgs[i] = harness_sent(i);
	return unfragment_list(msgs, n, whole);
}

static bool established(void)
{
	return ike_sa_first() != NULL && ike_sa_first()->state == IKE_ESTABLISHED;
}

/* ---- negotiation -------------------------------------------------------- */

static void test_negotiated_both_offer(void)
{
	if (!start("\tfragmentation=yes", true))
		return;
	CHECK(sa_init());
	CHECK(ike_sa_first() != NULL && ike_sa_first()->peer_fragmentation);
	stop();
}

static void test_not_offered_by_peer(void)
{
	if (!start("\tfragmentation=force", false))
		return;
	CHECK(!sa_init());	/* a responder never offers unasked (RFC 7383 §2.3) */
	CHECK(ike_sa_first() != NULL && !ike_sa_first()->peer_fragmentation);
	/* and then IKE_AUTH goes out whole even under force */
	harness_receive(peer_auth(&peer, 0));
	CHECK(harness_sent_count() == 1 && peer_auth_response(&peer, harness_last_sent()));
	stop();
}

static void test_disabled_by_conn(void)
{
	if (!start("\tfragmentation=no", true))
		return;
	CHECK(!sa_init());
	CHECK(ike_sa_first() != NULL && !ike_sa_first()->peer_fragmentation);
	stop();
}

/* ---- a whole fragmented exchange ---------------------------------------- */

static void test_fragmented_auth(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	harness_log_mark();
	/* out of order: 3, 1, 2 */
	send_auth_frag(content, first, 3, 3);
	send_auth_frag(content, first, 1, 3);
	CHECK(harness_sent_count() == 0 && !established());
	send_auth_frag(content, first, 2, 3);
	CHECK(harness_log_contains("reassembled request 1 from 3 fragments"));
	struct bytes whole;
	unsigned n = unfragment(&whole);
	CHECK(n >= 2);	/* force: the answer is fragmented too */
	CHECK(n > 0 && peer_auth_response(&peer, whole));
	CHECK(established());
	CHECK(harness_log_contains("IKE_AUTH response 1 sent as"));

	/* retransmission: fragment 2 is ignored, fragment 1 brings the whole set */
	harness_clear_sent();
	send_auth_frag(content, first, 2, 3);
	CHECK(harness_sent_count() == 0);
	send_auth_frag(content, first, 1, 3);
	CHECK(harness_sent_count() == n);
	CHECK(unfragment(&whole) == n);

	/* a fragmented INFORMATIONAL afterwards works the same way */
	harness_clear_sent();
	harness_receive(seal_frag(IKEV2_EXCH_INFORMATIONAL, 2, IKEV2_PL_NONE, 1, 1, EMPTY_BYTES));
	CHECK(harness_sent_count() == 1);
	CHECK(established());
	stop();
}

static void finish_auth_cleanly(struct bytes content, uint8_t first);

/* RFC 5723 + 7383: IKE_SESSION_RESUME negotiates it like IKE_SA_INIT, and
 * the resumed IKE_AUTH is fragmented both ways. */
static void test_resumed_auth_fragmented(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	finish_auth_cleanly(content, first);
	CHECK(peer.ticket.len > 0);

	struct ike_algs algs = peer.algs;
	CHECK(peer_restart(&peer));
	peer.algs = algs;
	peer.fragmentation = true;
	harness_clear_sent();
	harness_receive(peer_resume(&peer, NULL));
	CHECK(harness_sent_count() == 1);
	struct ikev2_header hdr;
	struct ikev2_digest outer;
	struct bytes r = harness_last_sent();
	CHECK(peer_decode(r, &hdr, &outer) &&
	      peer_has_notify(&outer, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL));
	CHECK(peer_resume_response(&peer, r));
	harness_clear_sent();
	harness_log_mark();
	content = auth_content(&first);
	send_auth_frag(content, first, 1, 2);
	send_auth_frag(content, first, 2, 2);
	CHECK(harness_log_contains("reassembled request 1 from 2 fragments"));
	struct bytes whole;
	CHECK(unfragment(&whole) >= 2 && peer_auth_response(&peer, whole));
	CHECK(established() && ike_sa_first()->resumed);
	stop();
}

/* The size rule without force: a small IKE_AUTH answer goes out whole. */
static void test_small_message_not_fragmented(void)
{
	if (!start("\tfragmentation=yes", true))
		return;
	CHECK(sa_init());
	harness_receive(peer_auth(&peer, 0));
	CHECK(harness_sent_count() == 1 && peer_auth_response(&peer, harness_last_sent()));
	CHECK(established());
	struct ike_sa *ike = ike_sa_first();
	CHECK(ike != NULL && !ikev2_frag_wanted(ike, 100));
	CHECK(ike != NULL && ikev2_frag_wanted(ike, FRAG_SIZE_IPV4));
	/* more than the peer could reassemble: sent whole rather than not at all */
	harness_log_mark();
	CHECK(ike != NULL && !ikev2_frag_wanted(ike, FRAG_MAX_FRAGMENTS * FRAG_SIZE_IPV4));
	CHECK(harness_log_contains("sent whole"));
	stop();
}

/* The splitter itself: fragments as full as the size allows, in order,
 * their content the message's, under both IPv4 sizes. */
static void test_split_fills_fragments(void)
{
	if (!start("\tfragmentation=yes", true))
		return;
	CHECK(sa_init());
	harness_receive(peer_auth(&peer, 0));
	CHECK(established());
	struct ike_sa *ike = ike_sa_first();
	if (ike == NULL)
		goto out;
	static uint8_t plain[3000], sealed[8 * 1024];
	for (size_t i = 0; i < sizeof(plain); i++)
		plain[i] = (uint8_t)(i * 7 + 1);
	struct ikev2_header hdr = { .spi_i = peer.spi_i, .spi_r = peer.spi_r, .major = IKEV2_MAJOR_VERSION,
				    .exchange = IKEV2_EXCH_INFORMATIONAL, .flags = IKEV2_FLAG_RESPONSE,
				    .message_id = 7 };
	struct wire_out out = wire_out_buf(sealed, sizeof(sealed));
	CHECK(ikev2_frag_wanted(ike, sizeof(plain)));
	CHECK(ikev2_frag_seal(ike, &hdr, IKEV2_PL_NOTIFY, BYTES(plain, sizeof(plain)), &out));
	struct bytes msgs[FRAG_MAX_FRAGMENTS];
	size_t n = 0, at = 0;
	while (at + IKEV2_HEADER_SIZE <= out.len && n < FRAG_MAX_FRAGMENTS) {
		size_t len = (size_t)sealed[at + 24] << 24 | (size_t)sealed[at + 25] << 16 |
			     (size_t)sealed[at + 26] << 8 | sealed[at + 27];
		if (len < IKEV2_HEADER_SIZE || at + len > out.len)
			break;
		msgs[n++] = BYTES(sealed + at, len);
		at += len;
	}
	CHECK(at == out.len);
	/* 544 octets each: 36 of headers, 8 of IV, 16 of ICV, 1 of pad length */
	CHECK(n == (sizeof(plain) + 482) / 483);
	for (size_t i = 0; i < n; i++)
		CHECK(msgs[i].len <= FRAG_SIZE_IPV4 && (i + 1 == n || msgs[i].len == FRAG_SIZE_IPV4));
	struct bytes whole;
	CHECK(unfragment_list(msgs, n, &whole) == n);
	CHECK(opened_len == sizeof(plain) && memcmp(opened, plain, sizeof(plain)) == 0);
out:
	stop();
}

/* ---- hostile sets: none may leave state behind -------------------------- */

/* After each hostile case the exchange still completes from fresh fragments. */
static void finish_auth_cleanly(struct bytes content, uint8_t first)
{
	harness_clear_sent();
	for (uint16_t i = 1; i <= 2; i++)
		send_auth_frag(content, first, i, 2);
	struct bytes whole;
	CHECK(unfragment(&whole) >= 1 && peer_auth_response(&peer, whole));
	CHECK(established());
}

static void test_number_out_of_range(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	unsigned long fp = harness_state_fingerprint();
	harness_log_mark();
	harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, 4, 3, piece(content, 0, 3)));
	harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, 0, 3, piece(content, 0, 3)));
	harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, 1, 0, piece(content, 0, 3)));
	/* only fragment 1 may name the first inner payload */
	harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, 2, 1, piece(content, 0, 3)));
	CHECK(harness_sent_count() == 0);
	CHECK(harness_state_fingerprint() == fp);
	CHECK(harness_log_contains("fragment number 4 is greater than total 3"));
	finish_auth_cleanly(content, first);
	stop();
}

static void test_too_many(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	unsigned long fp = harness_state_fingerprint();
	harness_log_mark();
	for (uint16_t i = 1; i <= FRAG_MAX_FRAGMENTS + 1; i++)
		send_auth_frag(content, first, i, FRAG_MAX_FRAGMENTS + 1);
	CHECK(harness_sent_count() == 0);
	CHECK(harness_state_fingerprint() == fp);
	CHECK(harness_log_contains("more than 16 fragments"));
	finish_auth_cleanly(content, first);
	stop();
}

static void test_too_large(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	static uint8_t junk[FRAG_MAX_REASSEMBLED / FRAG_MAX_FRAGMENTS + 64];
	unsigned long fp = harness_state_fingerprint();
	harness_log_mark();
	for (uint16_t i = 1; i <= FRAG_MAX_FRAGMENTS; i++)
		harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, i, FRAG_MAX_FRAGMENTS,
					  BYTES(junk, sizeof(junk))));
	CHECK(harness_sent_count() == 0);
	CHECK(harness_state_fingerprint() == fp);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->frags_in[0] == NULL);
	CHECK(harness_log_contains("exceed 65536 octets"));
	finish_auth_cleanly(content, first);
	stop();
}

static void test_total_changes(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	unsigned long fp = harness_state_fingerprint();
	harness_log_mark();
	send_auth_frag(content, first, 1, 3);
	/* smaller total: dropped, the set of 3 stays */
	harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, 2, 2, piece(content, 1, 3)));
	CHECK(ike_sa_first() != NULL && ike_sa_first()->frags_in[0] != NULL);
	/* larger total: the set starts over with it */
	send_auth_frag(content, first, 2, 4);
	CHECK(harness_log_contains("discarding 1 of 3 fragments of message 1"));
	/* so the old set's pieces no longer complete anything */
	send_auth_frag(content, first, 3, 3);
	send_auth_frag(content, first, 2, 3);
	CHECK(harness_sent_count() == 0);
	CHECK(harness_state_fingerprint() == fp);
	/* and the new one completes */
	send_auth_frag(content, first, 1, 4);
	send_auth_frag(content, first, 3, 4);
	send_auth_frag(content, first, 4, 4);
	struct bytes whole;
	CHECK(unfragment(&whole) >= 1 && peer_auth_response(&peer, whole));
	CHECK(established());
	stop();
}

static void test_duplicates(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	harness_log_mark();
	send_auth_frag(content, first, 1, 2);
	send_auth_frag(content, first, 1, 2);
	CHECK(harness_sent_count() == 0);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->frags_in[0] != NULL);
	send_auth_frag(content, first, 2, 2);
	struct bytes whole;
	CHECK(unfragment(&whole) >= 1 && peer_auth_response(&peer, whole));
	CHECK(established());
	CHECK(ike_sa_first() != NULL && ike_sa_first()->frags_in[0] == NULL);
	stop();
}

static void test_bad_icv_not_kept(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	harness_log_mark();
	struct bytes f = seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, 1, 2, piece(content, 0, 2));
	peer.msg[f.len - 1] ^= 1;	/* last octet of the ICV */
	harness_receive(f);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->frags_in[0] == NULL);
	CHECK(harness_log_contains("dropping fragment 1 of 2"));
	/* the forged one did not take fragment 1's place */
	finish_auth_cleanly(content, first);
	stop();
}

/* A forged fragment claiming a larger set must not restart reassembly. */
static void test_forged_total_not_restarting(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	harness_log_mark();
	send_auth_frag(content, first, 1, 3);
	struct bytes f = seal_frag(IKEV2_EXCH_IKE_AUTH, 1, first, 2, 4, piece(content, 1, 4));
	peer.msg[f.len - 1] ^= 1;
	harness_receive(f);
	CHECK(!harness_log_contains("discarding"));
	CHECK(ike_sa_first() != NULL && ike_sa_first()->frags_in[0] != NULL &&
	      ike_sa_first()->frags_in[0]->total == 3);
	send_auth_frag(content, first, 2, 3);
	send_auth_frag(content, first, 3, 3);
	struct bytes whole;
	CHECK(unfragment(&whole) >= 1 && peer_auth_response(&peer, whole));
	CHECK(established());
	stop();
}

static void test_not_negotiated(void)
{
	if (!start("\tfragmentation=no", true))
		return;
	CHECK(!sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	unsigned long fp = harness_state_fingerprint();
	harness_log_mark();
	send_auth_frag(content, first, 1, 2);
	send_auth_frag(content, first, 2, 2);
	CHECK(harness_sent_count() == 0);
	CHECK(harness_state_fingerprint() == fp);
	CHECK(ike_sa_first() != NULL && ike_sa_first()->frags_in[0] == NULL);
	CHECK(harness_log_contains("fragmentation was not negotiated"));
	stop();
}

/* One fragment never comes: after retransmit-timeout= the set is dropped. */
static void test_missing_then_timeout(void)
{
	if (!start("\tfragmentation=force\n\tretransmit-timeout=10s", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	harness_log_mark();
	send_auth_frag(content, first, 1, 3);
	send_auth_frag(content, first, 2, 3);
	CHECK(harness_sent_count() == 0 && !established());
	harness_advance(11);
	CHECK(ike_sa_first() != NULL);	/* the half-open SA outlives the set */
	/* the late last fragment starts a new set; nothing completes */
	send_auth_frag(content, first, 3, 3);
	CHECK(harness_sent_count() == 0);
	CHECK(harness_log_contains("discarding 2 of 3 fragments of message 1"));
	CHECK(!established());
	stop();	/* a partial set still held is freed with the SA (ASan: no leak) */
}

/* A partial set of one request, then the next message ID: the old set goes. */
static void test_new_msgid_discards(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	uint8_t first;
	struct bytes content = auth_content(&first);
	finish_auth_cleanly(content, first);
	harness_clear_sent();
	harness_log_mark();
	/* half of INFORMATIONAL 2, then all of it unfragmented: answered */
	harness_receive(seal_frag(IKEV2_EXCH_INFORMATIONAL, 2, IKEV2_PL_NONE, 1, 2, EMPTY_BYTES));
	harness_receive(peer_seal(&peer, IKEV2_EXCH_INFORMATIONAL, 2, IKEV2_PL_NONE, EMPTY_BYTES));
	CHECK(harness_sent_count() == 1);
	/* INFORMATIONAL 3 in two fragments: message 2's remnant is discarded */
	harness_clear_sent();
	harness_receive(seal_frag(IKEV2_EXCH_INFORMATIONAL, 3, IKEV2_PL_NONE, 1, 2, EMPTY_BYTES));
	CHECK(harness_log_contains("discarding 1 of 2 fragments of message 2"));
	harness_receive(seal_frag(IKEV2_EXCH_INFORMATIONAL, 3, IKEV2_PL_NONE, 2, 2, EMPTY_BYTES));
	CHECK(harness_sent_count() == 1);
	CHECK(established());
	stop();
}

/* Content that does not decode, reassembled: refused like a bad SK. */
static void test_malformed_content(void)
{
	if (!start("\tfragmentation=force", true))
		return;
	CHECK(sa_init());
	static const uint8_t bad[] = { 0, 0, 0, 2 };	/* a payload header shorter than itself */
	harness_log_mark();
	harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, IKEV2_PL_IDi, 1, 2, BYTES(bad, 2)));
	harness_receive(seal_frag(IKEV2_EXCH_IKE_AUTH, 1, IKEV2_PL_IDi, 2, 2, BYTES(bad + 2, 2)));
	CHECK(!established());
	CHECK(harness_log_contains("reassembled request 1 from 2 fragments"));
	CHECK(harness_log_contains("malformed IKE_AUTH request"));
	stop();
}

UNIT_MAIN(UNIT(test_negotiated_both_offer), UNIT(test_not_offered_by_peer), UNIT(test_disabled_by_conn),
	  UNIT(test_fragmented_auth), UNIT(test_resumed_auth_fragmented), UNIT(test_small_message_not_fragmented), UNIT(test_split_fills_fragments),
	  UNIT(test_number_out_of_range),
	  UNIT(test_too_many), UNIT(test_too_large), UNIT(test_total_changes), UNIT(test_duplicates),
	  UNIT(test_bad_icv_not_kept), UNIT(test_forged_total_not_restarting),
	  UNIT(test_not_negotiated), UNIT(test_missing_then_timeout),
	  UNIT(test_new_msgid_discards), UNIT(test_malformed_content))
