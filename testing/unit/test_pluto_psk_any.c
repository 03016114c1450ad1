/*
 * A responder whose conn accepts any peer ID (rightid=%any) takes the PSK
 * for the ID the peer actually sends: "@east @west : PSK ..." must serve
 * a peer that says "west" (ikev2_ike_auth.c find_psk).  Before, the PSK
 * was looked up for (@east, %any), found nothing, and IKE_AUTH failed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "connections.h"
#include "pluto.h"
#include "pluto_config.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"
#include "unit.h"

/* The harness's conn names its peer @west: make it %any and reload. */
static bool reload_with_any_peer(void)
{
	FILE *f = fopen(pluto_options.config, "r");
	if (f == NULL)
		return false;
	static char text[4096];
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	char *id = strstr(text, "rightid=@" HARNESS_PEER_ID "\n");
	if (id == NULL)
		return false;
	f = fopen(pluto_options.config, "w");
	if (f == NULL)
		return false;
	fprintf(f, "%.*srightid=%%any\n%s", (int)(id - text), text,
		id + strlen("rightid=@" HARNESS_PEER_ID "\n"));
	fclose(f);
	conn_delete_all();
	if (!pluto_config_load())
		return false;
	pluto_config_add_all(false);
	const struct connection *c = conn_by_name("harness");
	return c != NULL && ike_id_is_any(&c->remote.id);
}

static void test_any_peer_id_uses_received_id(void)
{
	static struct peer peer;
	unit_nss_init();
	if (!harness_start(NULL) || !reload_with_any_peer() || !peer_init(&peer)) {
		CHECK(!"harness or peer did not start");
		return;
	}
	CHECK(peer_establish(&peer));
	CHECK(ike_sa_first() != NULL && ike_sa_first()->state == IKE_ESTABLISHED);
	if (!harness_log_contains("established"))
		harness_log_dump();
	CHECK(!harness_log_contains("no PSK"));
	peer_free(&peer);
	harness_stop();
}

UNIT_MAIN(UNIT(test_any_peer_id_uses_received_id))
