/*
 * libFuzzer target: bytes into the responder pluto's real packet path
 * (testing/unit/pluto_harness.h: server_receive -> demux -> handlers), with
 * the scripted peer (pluto_peer.h) first bringing the responder into a
 * state, so the fuzzer reaches past IKE_SA_INIT and inside SK.
 *
 * Input: octet 0 picks the state (bits 0-1: none, half-open after
 * IKE_SA_INIT, established after IKE_AUTH, rekeying: established and
 * pluto's own CREATE_CHILD_SA request for an IKE rekey outstanding) and
 * the mode (bit 2: sealed, bit 3: NAT-T port, bit 4: sealed as a
 * response).  Unsealed, the rest is one datagram as received.  Sealed,
 * octet 1 is the exchange, octet 2 the first inner payload, and the rest
 * the inner payload chain, sealed with the peer's keys into a request
 * with the message ID pluto expects (or a response to pluto's request):
 * the fuzzer's bytes are what the daemon's parsers see after the ICV
 * verified.
 *
 * Every input must leave pluto alive (ASan/UBSan abort otherwise), with
 * at most the SAs it had plus one, and the next input starts clean.
 *
 *   make fuzz
 *   build-fuzz/testing/fuzz/fuzz_pluto_responder -max_total_time=60 \
 *           testing/fuzz/corpus/fuzz_pluto_responder
 *
 * The seeds (valid messages of each kind, in this input format) are
 * written by FUZZ_PLUTO_WRITE_SEEDS=<dir> build-fuzz/.../fuzz_pluto_responder -runs=0
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nss.h>

#include "ikev2_exchanges.h"
#include "ikev2_numbers.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct peer peer;

static void write_seed(const char *dir, const char *name, uint8_t control, const uint8_t *head, size_t hlen,
		       struct bytes body)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return;
	fputc(control, f);
	fwrite(head, 1, hlen, f);
	fwrite(body.ptr, 1, body.len, f);
	fclose(f);
}

/* One valid input of each kind, from the peer's own messages. */
static void write_seeds(const char *dir)
{
	write_seed(dir, "sa_init", 0, NULL, 0, peer_sa_init(&peer));
	struct ikev2_builder ib;
	struct wire_out plain;
	struct bytes chain;
	harness_receive(peer_sa_init(&peer));
	if (!peer_sa_init_response(&peer, harness_last_sent()))
		abort();
	peer_auth_chain(&peer, &ib, &plain, 0);
	if (!ikev2_msg_finish(&ib, &chain))
		abort();
	uint8_t auth[2] = { IKEV2_EXCH_IKE_AUTH, ib.first };
	write_seed(dir, "ike_auth_inner", 1 | 4, auth, 2, chain);
	static const uint8_t del[] = { 0, 0, 0, 8, 3, 4, 0, 1, 0x11, 0x22, 0x33, 0x44 };
	uint8_t info[2] = { IKEV2_EXCH_INFORMATIONAL, IKEV2_PL_DELETE };
	write_seed(dir, "informational_delete", 2 | 4, info, 2, BYTES(del, sizeof(del)));
	write_seed(dir, "ike_auth_raw", 1, NULL, 0, peer_auth(&peer, 0));
	static const uint8_t refusal[] = { 0, 0, 0, 8, 0, 0, 0, IKEV2_N_NO_PROPOSAL_CHOSEN };
	uint8_t rekey[2] = { IKEV2_EXCH_CREATE_CHILD_SA, IKEV2_PL_NOTIFY };
	write_seed(dir, "rekey_refused", 3 | 4 | 16, rekey, 2, BYTES(refusal, sizeof(refusal)));
	harness_drop_all();
}

/* The harness's temporary config directory goes with the process. */
static void stop(void)
{
	peer_free(&peer);
	harness_stop();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (NSS_NoDB_Init(NULL) != SECSuccess ||
	    !harness_start(&(struct harness_options){ .no_log = true }) || !peer_init(&peer))
		abort();
	atexit(stop);
	const char *seeds = getenv("FUZZ_PLUTO_WRITE_SEEDS");
	if (seeds != NULL)
		write_seeds(seeds);
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
	case 2:
		return peer_establish(&peer);
	default:
		if (!peer_establish(&peer))
			return false;
		harness_clear_sent();
		ikev2_rekey_ike(ike_sa_first());
		return harness_sent_count() == 1;
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
		struct bytes plain = BYTES(data + 3, size - 3);
		struct bytes msg = (control & 16) != 0
			? peer_seal_response(&peer, data[1], 0, data[2], plain)	/* pluto's first request */
			: peer_seal(&peer, data[1], peer.next_msgid, data[2], plain);
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
