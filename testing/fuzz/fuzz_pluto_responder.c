/*
 * libFuzzer target: bytes into the responder pluto's real packet path
 * (testing/unit/pluto_harness.h: server_receive -> demux -> handlers), with
 * the scripted peer (pluto_peer.h) first bringing the responder into a
 * state, so the fuzzer reaches past IKE_SA_INIT and inside SK.
 *
 * Input: octet 0 picks the state (bits 0-1: none, half-open after
 * IKE_SA_INIT, established after IKE_AUTH) and the mode (bit 2: sealed,
 * bit 3: NAT-T port).  Unsealed, the rest is one datagram as received.
 * Sealed, octet 1 is the exchange, octet 2 the first inner payload, and
 * the rest the inner payload chain, sealed with the peer's keys into a
 * request on the peer's SA with the message ID it expects: the fuzzer's
 * bytes are what the daemon's parsers see after the ICV verified.
 *
 * Every input must leave pluto alive (ASan/UBSan abort otherwise), with
 * at most the SAs it had plus one, and the next input starts clean.
 *
 *   make fuzz
 *   build-fuzz/testing/fuzz/fuzz_pluto_responder -max_total_time=60 \
 *           testing/fuzz/corpus/fuzz_pluto_responder
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nss.h>

#include "pluto_harness.h"
#include "pluto_peer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct peer peer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (NSS_NoDB_Init(NULL) != SECSuccess ||
	    !harness_start(&(struct harness_options){ .no_log = true }) || !peer_init(&peer))
		abort();
	return 0;
}

static bool reach(unsigned state)
{
	harness_drop_all();
	harness_clear_sent();
	if (!peer_restart(&peer))
		return false;
	switch (state) {
	case 0:
		return true;
	case 1:
		harness_receive(peer_sa_init(&peer));
		return harness_sent_count() == 1 && peer_sa_init_response(&peer, harness_last_sent());
	default:
		return peer_establish(&peer);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t control = data[0];
	unsigned state = control & 3;
	bool sealed = (control & 4) != 0 && state != 0;
	if (!reach(state)) {
		fprintf(stderr, "fuzz_pluto_responder: the peer cannot reach state %u\n", state);
		abort();
	}
	unsigned before = harness_sa_count();
	harness_clear_sent();
	if (sealed && size >= 3) {
		struct bytes msg = peer_seal(&peer, data[1], peer.next_msgid, data[2],
					     BYTES(data + 3, size - 3));
		if (msg.len > 0)
			harness_receive(msg);
	} else if (control & 8) {
		harness_receive_natt(BYTES(data + 1, size - 1));
	} else {
		harness_receive(BYTES(data + 1, size - 1));
	}
	if (harness_sa_count() > before + 1 || harness_sent_count() > 1) {
		fprintf(stderr, "fuzz_pluto_responder: one datagram made %u SAs from %u and %zu answers\n",
			harness_sa_count(), before, harness_sent_count());
		abort();
	}
	return 0;
}
