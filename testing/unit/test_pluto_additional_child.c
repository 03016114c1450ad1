/*
 * Additional Child SAs (RFC 7296 §1.3.1) through the daemon's real packet
 * path (pluto_harness.h), pluto responding: a CREATE_CHILD_SA without
 * REKEY_SA whose selectors fit another conn with the same peer IDs
 * ("harness-2") makes a Child SA of that conn on the same IKE SA; one
 * whose selectors fit only a conn of another peer ID ("other") is refused
 * with TS_UNACCEPTABLE and the IKE SA stays; the second conn's Child SA is
 * then deleted alone (INFORMATIONAL DELETE of its SPI).
 */
#include <arpa/inet.h>

#include "connections.h"
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

static unsigned children(const struct ike_sa *ike)
{
	unsigned n = 0;
	for (const struct child_sa *c = ike->children; c != NULL; c = c->next)
		n++;
	return n;
}

static void ts_16(struct ikev2_ts_list *tsl, uint8_t b)
{
	memset(tsl, 0, sizeof(*tsl));
	tsl->count = 1;
	tsl->ts[0].type = IKEV2_TS_IPV4_ADDR_RANGE;
	tsl->ts[0].end_port = 65535;
	uint8_t s[4] = { 10, b, 0, 0 }, e[4] = { 10, b, 255, 255 };
	memcpy(tsl->ts[0].start, s, 4);
	memcpy(tsl->ts[0].end, e, 4);
}

/* The peer's CREATE_CHILD_SA without REKEY_SA: SA, Ni, TSi 10.tsi/16, TSr 10.tsr/16. */
static struct bytes new_child_request(const uint8_t spi[4], uint8_t tsi_b, uint8_t tsr_b)
{
	struct wire_out plain = wire_out_buf(peer.plain, sizeof(peer.plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	static struct ikev2_sa esp;
	memset(&esp, 0, sizeof(esp));
	ikev2_sa_add_proposal(&esp, IKEV2_PROTO_ESP, BYTES(spi, 4));
	ikev2_sa_add_transform(&esp, IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	ikev2_sa_add_transform(&esp, IKEV2_TRANS_ESN, IKEV2_ESN_NO, 0);
	ikev2_msg_add_sa(&ib, &esp);
	uint8_t ni[32];
	memset(ni, 0x42, sizeof(ni));
	ikev2_msg_add_nonce(&ib, BYTES(ni, sizeof(ni)));
	struct ikev2_ts_list tsi, tsr;
	ts_16(&tsi, tsi_b);
	ts_16(&tsr, tsr_b);
	ikev2_msg_add_ts(&ib, IKEV2_PL_TSi, &tsi);
	ikev2_msg_add_ts(&ib, IKEV2_PL_TSr, &tsr);
	return peer_seal_chain(&peer, IKEV2_EXCH_CREATE_CHILD_SA, peer.next_msgid++, &ib);
}

/* The error notify of pluto's last message (0: none), and whether it is
 * a response of exchange `exchange`; *del: the first ESP SPI it deletes. */
static bool last_sent(uint8_t exchange, bool response, uint16_t *error, uint8_t del[4])
{
	struct ikev2_header hdr;
	struct ikev2_digest outer, inner;
	struct chunk plain;
	struct bytes msg = harness_last_sent();
	if (!peer_decode(msg, &hdr, &outer) || !peer_open(&peer, msg, &inner, &plain))
		return false;
	*error = peer_first_error(&inner);
	const struct ikev2_payload *p = ikev2_digest_first(&inner, IKEV2_PL_DELETE);
	struct ikev2_delete d;
	struct ikev2_error err = { 0 };
	if (del != NULL && p != NULL && ikev2_delete_decode(p->body, &d, &err) && d.spi_size == 4 && d.nspi == 1)
		memcpy(del, d.spis.ptr, 4);
	chunk_free(&plain);
	return hdr.exchange == exchange && ((hdr.flags & IKEV2_FLAG_RESPONSE) != 0) == response;
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
	CHECK(ike != NULL && ike->state == IKE_ESTABLISHED && children(ike) == 1);
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
	CHECK(ike_sa_first() == ike && ike->state == IKE_ESTABLISHED && children(ike) == 2);
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
	CHECK(ike_sa_first() == ike && ike->state == IKE_ESTABLISHED && children(ike) == 1);
	CHECK(ikev2_additional_child(conn_by_name("other")) == NULL);
	/* and the IKE SA still takes the next request */
	const uint8_t spi2[4] = { 0x23, 0x23, 0x23, 0x23 };
	CHECK(add_second(ike, spi2) != NULL);
	stop();
}

static void test_second_conn_deleted_alone(void)
{
	struct ike_sa *ike = start();
	if (ike == NULL)
		return;
	const uint8_t spi[4] = { 0x24, 0x24, 0x24, 0x24 };
	struct child_sa *second = add_second(ike, spi);
	if (second == NULL) {
		stop();
		return;
	}
	uint32_t spi_in = second->spi_in;
	struct child_sa *first = ike->children == second ? second->next : ike->children;
	unsigned first_serial = first != NULL ? first->serialno : 0;
	uint16_t error = 1;
	uint8_t del[4] = { 0 };
	harness_clear_sent();
	ikev2_delete_child(second);
	CHECK(harness_sent_count() == 1);
	CHECK(last_sent(IKEV2_EXCH_INFORMATIONAL, false, &error, del) && error == 0);
	CHECK(memcmp(del, &spi_in, 4) == 0);
	CHECK(ikev2_additional_child(conn_by_name("harness-2")) == NULL);
	CHECK(ike->state == IKE_ESTABLISHED && children(ike) == 1 && ike->children->serialno == first_serial);
	stop();
}

UNIT_MAIN(UNIT(test_second_conn_child), UNIT(test_other_peer_id_refused), UNIT(test_second_conn_deleted_alone))
