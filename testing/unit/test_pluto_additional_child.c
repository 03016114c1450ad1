/*
 * Additional Child SAs (RFC 7296 §1.3.1) through the daemon's real packet
 * path (pluto_harness.h), pluto responding: a CREATE_CHILD_SA without
 * REKEY_SA whose selectors fit another conn with the same peer IDs
 * ("harness-2") makes a Child SA of that conn on the same IKE SA; one
 * whose selectors fit only a conn of another peer ID ("other") is refused
 * with TS_UNACCEPTABLE and the IKE SA stays; the second conn's Child SA is
 * then deleted alone (INFORMATIONAL DELETE of its SPI), also while an
 * exchange is in flight.  Then pluto as
 * the initiator of the additional Child SA: its request, a refusal, and
 * a --down while the request is in flight.
 */
#include <arpa/inet.h>
#include <unistd.h>

#include "connections.h"
#include "ike_sa_life.h"
#include "ikev2_builder.h"
#include "ikev2_child_sa.h"
#include "ikev2_exchanges.h"
#include "ikev2_numbers.h"
#include "ikev2_payloads.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

#define SECOND_CONN                                                             \
	"\tpfs=no\n\n"                                                          \
	"conn harness-2\n\tleft=127.0.0.1\n\tleftid=" HARNESS_LOCAL_ID "\n"     \
	"\tleftsubnet=10.3.0.0/16\n\tright=127.0.0.2\n\trightid=@" HARNESS_PEER_ID "\n" \
	"\trightsubnet=10.4.0.0/16\n\tauthby=secret\n\tesp=aes_gcm256\n\tpfs=no\n\tauto=add\n\n" \
	"conn other\n\tleft=127.0.0.1\n\tleftid=" HARNESS_LOCAL_ID "\n"         \
	"\tleftsubnet=10.5.0.0/16\n\tright=127.0.0.2\n\trightid=@someone-else\n" \
	"\trightsubnet=10.6.0.0/16\n\tauthby=secret\n\tesp=aes_gcm256\n\tpfs=no\n\tauto=add"

static struct peer peer;

/* SA, Ni (octets n), TSi 10.tsi_b/16, TSr 10.tsr_b/16. */
static void child_payloads(struct ikev2_builder *ib, const uint8_t spi[4], uint8_t n, uint8_t tsi_b, uint8_t tsr_b)
{
	uint8_t nonce[32];
	memset(nonce, n, sizeof(nonce));
	peer_child_payloads(ib, spi, BYTES(nonce, sizeof(nonce)), NULL, tsi_b, tsr_b);
}

/* The peer's CREATE_CHILD_SA without REKEY_SA. */
static struct bytes new_child_request(const uint8_t spi[4], uint8_t tsi_b, uint8_t tsr_b)
{
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	child_payloads(&ib, spi, 0x42, tsi_b, tsr_b);
	return peer_seal_chain(&peer, IKEV2_EXCH_CREATE_CHILD_SA, peer.next_msgid++, &ib);
}

/* The error notify of pluto's last message (0: none), and whether it is
 * a response of exchange `exchange`; *del: the ESP SPI it deletes. */
static bool last_sent(uint8_t exchange, bool response, uint16_t *error, uint8_t del[4])
{
	struct peer_seen s;
	if (!peer_read_sent(&peer, harness_last_sent(), &s))
		return false;
	*error = s.error;
	if (del != NULL && s.ndeleted == 1)
		memcpy(del, s.deleted, 4);
	return s.exchange == exchange && s.response == response;
}

static struct ike_sa *start(void)
{
	unit_nss_init();
	struct harness_options o = { .extra_conn = SECOND_CONN };
	if (!harness_start(&o) || !peer_init(&peer) || !peer_establish(&peer)) {
		CHECK(!"harness or peer did not start");
		return NULL;
	}
	struct ike_sa *ike = ike_sa_first();
	CHECK(ike != NULL && ike->state == IKE_ESTABLISHED && harness_child_count(ike) == 1);
	CHECK(conn_by_name("harness-2") != NULL && conn_by_name("other") != NULL);
	return ike;
}

static void stop(void)
{
	CHECK(harness_kernel_consistent());
	peer_free(&peer);
	harness_stop();
}

/* Selectors of the second conn: its Child SA, on the same IKE SA. */
static struct child_sa *add_second(struct ike_sa *ike, const uint8_t spi[4])
{
	uint16_t error = 1;
	harness_clear_sent();
	harness_log_mark();
	harness_receive(new_child_request(spi, 4, 3));
	CHECK(harness_sent_count() == 1);
	CHECK(last_sent(IKEV2_EXCH_CREATE_CHILD_SA, true, &error, NULL) && error == 0);
	CHECK(harness_log_contains("\"harness-2\": #"));
	CHECK(ike_sa_first() == ike && ike->state == IKE_ESTABLISHED && harness_child_count(ike) == 2);
	struct child_sa *second = ikev2_additional_child(conn_by_name("harness-2"));
	CHECK(second != NULL && second->ike == ike && memcmp(&second->spi_out, spi, 4) == 0);
	return second;
}

static void test_second_conn_child(void)
{
	struct ike_sa *ike = start();
	if (ike == NULL)
		return;
	const uint8_t spi[4] = { 0x22, 0x22, 0x22, 0x22 };
	struct child_sa *second = add_second(ike, spi);
	CHECK(second != NULL && child_conn(second) == conn_by_name("harness-2"));
	CHECK(ike->conn == conn_by_name("harness"));
	CHECK(harness_kernel_consistent());
	stop();
}

static void test_other_peer_id_refused(void)
{
	struct ike_sa *ike = start();
	if (ike == NULL)
		return;
	const uint8_t spi[4] = { 0x66, 0x66, 0x66, 0x66 };
	uint16_t error = 0;
	harness_clear_sent();
	harness_receive(new_child_request(spi, 6, 5));	/* "other"'s selectors, another peer ID */
	CHECK(harness_sent_count() == 1);
	CHECK(last_sent(IKEV2_EXCH_CREATE_CHILD_SA, true, &error, NULL));
	CHECK(error == IKEV2_N_TS_UNACCEPTABLE);
	CHECK(ike_sa_first() == ike && ike->state == IKE_ESTABLISHED && harness_child_count(ike) == 1);
	CHECK(ikev2_additional_child(conn_by_name("other")) == NULL);
	/* and the IKE SA still takes the next request */
	const uint8_t spi2[4] = { 0x23, 0x23, 0x23, 0x23 };
	CHECK(add_second(ike, spi2) != NULL);
	stop();
}

/* start() with harness-2's Child SA added; NULL (stopped) on failure */
static struct child_sa *start_with_second(const uint8_t spi[4])
{
	struct ike_sa *ike = start();
	if (ike == NULL)
		return NULL;
	struct child_sa *second = add_second(ike, spi);
	if (second == NULL)
		stop();
	return second;
}

/* pluto's one message: an INFORMATIONAL request deleting spi_in */
static bool sent_delete_of(uint32_t spi_in)
{
	uint16_t error = 1;
	uint8_t del[4] = { 0 };
	return harness_sent_count() == 1 && last_sent(IKEV2_EXCH_INFORMATIONAL, false, &error, del) &&
	       error == 0 && memcmp(del, &spi_in, 4) == 0;
}

static void test_second_conn_deleted_alone(void)
{
	const uint8_t spi[4] = { 0x24, 0x24, 0x24, 0x24 };
	struct child_sa *second = start_with_second(spi);
	if (second == NULL)
		return;
	struct ike_sa *ike = second->ike;
	uint32_t spi_in = second->spi_in;
	struct child_sa *first = ike->children == second ? second->next : ike->children;
	unsigned first_serial = first != NULL ? first->serialno : 0;
	harness_clear_sent();
	ikev2_delete_child(second);
	CHECK(sent_delete_of(spi_in));
	CHECK(ikev2_additional_child(conn_by_name("harness-2")) == NULL);
	CHECK(ike->state == IKE_ESTABLISHED && harness_child_count(ike) == 1 && ike->children->serialno == first_serial);
	stop();
}

/* --down of harness-2's Child SA while an exchange of ours is in flight
 * (a liveness probe): its SAs leave the kernel at once, its DELETE waits
 * for the answer (its timer sends it then); if the peer deletes the same
 * SA meanwhile, the answer carries ours (RFC 7296 §1.4.1: not sent yet)
 * and nothing is left to send. */
static void deleted_while_busy(bool peer_deletes_too)
{
	const uint8_t spi[4] = { 0x25, 0x25, 0x25, 0x25 };
	struct child_sa *second = start_with_second(spi);
	if (second == NULL)
		return;
	struct ike_sa *ike = second->ike;
	uint32_t spi_in = second->spi_in;
	harness_clear_sent();
	CHECK(ikev2_send_liveness(ike));
	struct peer_seen probe;
	CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &probe));
	harness_clear_sent();
	harness_log_mark();
	ikev2_delete_child(second);
	CHECK(harness_sent_count() == 0 && harness_log_contains("waits for the exchange in flight"));
	CHECK(second->delete_queued && !second->installed && !second->out_installed);
	CHECK(ikev2_additional_child(conn_by_name("harness-2")) == NULL && harness_kernel_consistent());
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_INFORMATIONAL, probe.msgid, IKEV2_PL_NONE, EMPTY_BYTES));
	CHECK(!ike->window.request_outstanding && harness_child_count(ike) == 2);
	if (peer_deletes_too) {
		struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
		struct ikev2_builder ib;
		ikev2_chain_start(&ib, &plain);
		struct ikev2_delete d = { .protocol = IKEV2_PROTO_ESP, .spi_size = 4, .nspi = 1, .spis = BYTES(spi, 4) };
		ikev2_msg_add_delete(&ib, &d);
		harness_clear_sent();
		harness_receive(peer_seal_chain(&peer, IKEV2_EXCH_INFORMATIONAL, peer.next_msgid++, &ib));
		/* §1.4.1: ours was not sent yet, so the answer carries it */
		struct peer_seen answer;
		CHECK(harness_sent_count() == 1 && peer_read_sent(&peer, harness_last_sent(), &answer));
		CHECK(answer.response && answer.ndeleted == 1 && memcmp(answer.deleted, &spi_in, 4) == 0);
	} else {
		/* the retry timer (libevent's clock: a real second) sends it */
		harness_clear_sent();
		harness_log_mark();
		usleep(1100 * 1000);
		harness_advance(0);
		CHECK(sent_delete_of(spi_in));
		CHECK(!harness_log_contains("lifetime expired") && !harness_log_contains("rekeying"));
	}
	CHECK(ike->state == IKE_ESTABLISHED && harness_child_count(ike) == 1);
	stop();
}

static void test_second_conn_deleted_while_busy(void)
{
	deleted_while_busy(false);
}

static void test_second_conn_deleted_by_both(void)
{
	deleted_while_busy(true);
}

/* pluto asks for harness-2's Child SA on the peer's IKE SA: a
 * CREATE_CHILD_SA without REKEY_SA, with harness-2's selectors. */
static uint32_t pluto_asks(struct ike_sa *ike)
{
	harness_clear_sent();
	CHECK(ikev2_add_child(ike, conn_by_name("harness-2")));
	CHECK(harness_sent_count() == 1);
	struct ikev2_header hdr;
	struct ikev2_digest outer, inner;
	struct chunk plain;
	struct bytes msg = harness_last_sent();
	if (!peer_decode(msg, &hdr, &outer) || !peer_open(&peer, msg, &inner, &plain)) {
		CHECK(!"request did not open");
		return 0;
	}
	CHECK(hdr.exchange == IKEV2_EXCH_CREATE_CHILD_SA && (hdr.flags & IKEV2_FLAG_RESPONSE) == 0);
	CHECK(!peer_has_notify(&inner, IKEV2_N_REKEY_SA, NULL));
	CHECK(ikev2_digest_first(&inner, IKEV2_PL_NONCE) != NULL);
	const struct ikev2_payload *p = ikev2_digest_first(&inner, IKEV2_PL_TSi);
	struct ikev2_ts_list tsi;
	struct ikev2_error err = { 0 };
	CHECK(p != NULL && ikev2_ts_decode(p->body, &tsi, &err) && tsi.count == 1 && tsi.ts[0].start[1] == 3);
	chunk_free(&plain);
	CHECK(ike->pending_child != NULL && ike->pending_child->conn == conn_by_name("harness-2"));
	return hdr.message_id;
}

static void test_initiator_refused(void)
{
	struct ike_sa *ike = start();
	if (ike == NULL)
		return;
	uint32_t msgid = pluto_asks(ike);
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	struct ikev2_notify n = { .type = IKEV2_N_TS_UNACCEPTABLE };
	ikev2_msg_add_notify(&ib, &n);
	struct bytes inner;
	CHECK(ikev2_msg_finish(&ib, &inner));
	harness_log_mark();
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, msgid, ib.first, inner));
	CHECK(harness_log_contains("Child SA request refused: TS_UNACCEPTABLE"));
	CHECK(ike->pending_child == NULL && harness_child_count(ike) == 1 && ike->state == IKE_ESTABLISHED);
	CHECK(ikev2_additional_child(conn_by_name("harness-2")) == NULL);
	stop();
}

/* --down while the request is in flight: the pending Child SA goes, and
 * the late answer is dropped without harm. */
static void test_initiator_down_while_pending(void)
{
	struct ike_sa *ike = start();
	if (ike == NULL)
		return;
	uint32_t msgid = pluto_asks(ike);
	struct child_sa *pending = ikev2_additional_child(conn_by_name("harness-2"));
	CHECK(pending != NULL && pending == ike->pending_child);
	if (pending != NULL)
		ikev2_delete_child(pending);
	CHECK(ike->pending_child == NULL && ikev2_additional_child(conn_by_name("harness-2")) == NULL);
	CHECK(ike->state == IKE_ESTABLISHED && harness_child_count(ike) == 1);
	const uint8_t spi[4] = { 0x33, 0x33, 0x33, 0x33 };
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	child_payloads(&ib, spi, 0x77, 3, 4);
	struct bytes inner;
	CHECK(ikev2_msg_finish(&ib, &inner));
	harness_receive(peer_seal_response(&peer, IKEV2_EXCH_CREATE_CHILD_SA, msgid, ib.first, inner));
	CHECK(ike_sa_first() == ike && ike->state == IKE_ESTABLISHED && harness_child_count(ike) == 1);
	CHECK(ikev2_additional_child(conn_by_name("harness-2")) == NULL && !ike->window.request_outstanding);
	stop();
}

UNIT_MAIN(UNIT(test_second_conn_child), UNIT(test_other_peer_id_refused), UNIT(test_second_conn_deleted_alone),
	  UNIT(test_second_conn_deleted_while_busy), UNIT(test_second_conn_deleted_by_both),
	  UNIT(test_initiator_refused), UNIT(test_initiator_down_while_pending))
