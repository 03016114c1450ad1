/*
 * Half-open IKE SAs per peer address (halfopen.h), through the daemon's
 * real packet path (pluto_harness.h): beyond max-halfopen-ike-per-peer=
 * an address is asked for a cookie, not refused (it may be spoofed), a
 * peer that returns the cookie is served, and an SA that completes
 * IKE_AUTH frees its share.
 */
#include "halfopen.h"
#include "ikev2_numbers.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

#define LIMIT 2

static struct peer peers[LIMIT + 1];

static bool start(void)
{
	unit_nss_init();
	if (!harness_start(NULL)) {
		CHECK(!"harness did not start");
		return false;
	}
	for (int i = 0; i <= LIMIT; i++)
		if (!peer_init(&peers[i])) {
			CHECK(!"peer did not start");
			return false;
		}
	halfopen_set_peer_limit(LIMIT);
	return true;
}

static void stop(void)
{
	for (int i = 0; i <= LIMIT; i++)
		peer_free(&peers[i]);
	harness_stop();
	halfopen_set_peer_limit(50);
}

/* The COOKIE notify of the last answer, if that is what it was. */
static bool answered_with_cookie(struct chunk *cookie)
{
	struct ikev2_header hdr;
	struct ikev2_digest d;
	struct bytes data;
	if (!peer_decode(harness_last_sent(), &hdr, &d) || !peer_has_notify(&d, IKEV2_N_COOKIE, &data))
		return false;
	chunk_free(cookie);
	*cookie = chunk_clone(data);
	return true;
}

static void test_limit_demands_cookie(void)
{
	if (!start())
		return;
	const ip_address *from = &harness_peer()->addr;
	for (int i = 0; i < LIMIT; i++) {
		harness_clear_sent();
		harness_receive(peer_sa_init(&peers[i]));
		CHECK(peer_sa_init_response(&peers[i], harness_last_sent()));
	}
	CHECK(halfopen_peer_count(from) == LIMIT);
	CHECK(halfopen_count() == LIMIT);

	/* one more from the same address: a cookie, and no new SA */
	struct peer *extra = &peers[LIMIT];
	harness_log_mark();
	harness_clear_sent();
	unsigned long before = harness_state_fingerprint();
	harness_receive(peer_sa_init(extra));
	CHECK(answered_with_cookie(&extra->cookie));
	CHECK(harness_state_fingerprint() == before);
	CHECK(harness_log_contains("max-halfopen-ike-per-peer=2"));

	/* with the cookie back it is served: the address is proven */
	harness_clear_sent();
	harness_receive(peer_sa_init(extra));
	CHECK(peer_sa_init_response(extra, harness_last_sent()));
	CHECK(halfopen_peer_count(from) == LIMIT + 1);
	stop();
}

static void test_established_frees_share(void)
{
	if (!start())
		return;
	const ip_address *from = &harness_peer()->addr;
	CHECK(peer_establish(&peers[0]));
	CHECK(halfopen_peer_count(from) == 0);
	for (int i = 1; i <= LIMIT; i++) {
		harness_clear_sent();
		harness_receive(peer_sa_init(&peers[i]));
		CHECK(peer_sa_init_response(&peers[i], harness_last_sent()));
	}
	CHECK(halfopen_peer_count(from) == LIMIT);
	/* dropping a half-open SA (here: every SA) gives the share back */
	harness_stop();
	CHECK(halfopen_count() == 0);
	CHECK(halfopen_peer_count(from) == 0);
	CHECK(harness_start(NULL));
	stop();
}

UNIT_MAIN(UNIT(test_limit_demands_cookie), UNIT(test_established_frees_share))
