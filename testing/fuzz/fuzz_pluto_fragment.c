/*
 * libFuzzer target: sets of SKF fragments (RFC 7383) into the responder
 * pluto's real packet path (testing/unit/pluto_harness.h), after the
 * scripted peer negotiated fragmentation in IKE_SA_INIT (and, by octet 0,
 * also finished IKE_AUTH), so every fragment reaches the reassembly code
 * with a valid ICV unless the input asks for a forged one.
 *
 * Input: octet 0: bit 0 established (else half-open), bit 1 the exchange
 * is INFORMATIONAL (else IKE_AUTH); octet 1: the first inner payload.
 * Then records, each
 *     number(1) total(1) flags(1) len(1) content(len)
 * flags bit 0: corrupt the ICV after sealing; bit 1: message ID + 1;
 * bit 2: advance the clock 30 s before it.  Each record is sealed with
 * the peer's keys as one SKF message and injected.
 *
 * Every input must leave pluto alive (ASan/UBSan abort otherwise), with
 * at most one SA, no reassembly state beyond the bounds, and the next
 * input starts clean (harness_drop_all frees any partial set).
 *
 *   make fuzz
 *   build-fuzz/testing/fuzz/fuzz_pluto_fragment -max_total_time=60 \
 *           testing/fuzz/corpus/fuzz_pluto_fragment
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nss.h>

#include "ikev2_numbers.h"
#include "pluto_harness.h"
#include "pluto_peer.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct peer peer;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (NSS_NoDB_Init(NULL) != SECSuccess ||
	    !harness_start(&(struct harness_options){ .no_log = true, .extra_conn = "\tfragmentation=yes" }) ||
	    !peer_init(&peer))
		abort();
	return 0;
}

static bool reach(bool established)
{
	harness_drop_all();
	harness_clear_sent();
	if (!peer_restart(&peer))
		return false;
	peer.fragmentation = true;
	if (established)
		return peer_establish(&peer);
	harness_receive(peer_sa_init(&peer));
	return harness_sent_count() == 1 && peer_sa_init_response(&peer, harness_last_sent());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	bool established = (data[0] & 1) != 0;
	uint8_t exchange = (data[0] & 2) != 0 ? IKEV2_EXCH_INFORMATIONAL : IKEV2_EXCH_IKE_AUTH;
	uint8_t first = data[1];
	if (!reach(established)) {
		fprintf(stderr, "fuzz_pluto_fragment: the peer cannot reach the state\n");
		abort();
	}
	uint32_t msgid = peer.next_msgid;
	for (size_t at = 2; at + 4 <= size;) {
		uint8_t number = data[at], total = data[at + 1], flags = data[at + 2];
		size_t len = data[at + 3];
		at += 4;
		if (len > size - at)
			len = size - at;
		if (flags & 4)
			harness_advance(30);
		struct bytes msg = peer_seal_fragment(&peer, exchange, msgid + ((flags & 2) ? 1 : 0), first,
						      number, total, BYTES(data + at, len));
		at += len;
		if (msg.len == 0)
			continue;
		if (flags & 1)
			peer.msg[msg.len - 1] ^= 0x5a;
		harness_clear_sent();
		harness_receive(msg);
		if (harness_sa_count() > 1) {
			fprintf(stderr, "fuzz_pluto_fragment: %u SAs from fragments\n", harness_sa_count());
			abort();
		}
	}
	return 0;
}
