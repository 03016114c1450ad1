/*
 * libFuzzer target for the responder's side of IKE_SESSION_RESUME
 * (ikev2_resume.c), through the daemon's real packet path in one
 * process: the in-process responder of the unit tests
 * (testing/unit/pluto_harness.h) and its scripted initiator.
 *
 * Once, at start: the peer completes a full exchange, so the responder
 * holds one established IKE SA and the peer a real ticket.  Then each
 * input is sent three ways:
 *   1. as the whole datagram, its exchange type forced to
 *      IKE_SESSION_RESUME (38);
 *   2. as the payload chain after a good request header (message ID 0,
 *      Initiator flag, SPIr 0), the first payload type from its first
 *      octet;
 *   3. as a well-formed request whose ticket is the real one XORed with
 *      the input (cut to the input's length when that is shorter).
 *
 * Invariants (any break traps):
 *   - a request the responder does not accept leaves its SA table exactly
 *     as it was: no half-made state (RFC 5723 §4.3.2);
 *   - an accepted one adds exactly one SA, in IKE_RESUME_R, and only if it
 *     carried the real ticket (way 3 with nothing flipped, or ways 1 and 2
 *     when the fuzzer rebuilt it); that SA is dropped again;
 *   - the responder answers with one datagram at most.
 */
#include <stdlib.h>
#include <string.h>

#include <nss.h>

#include "ike_sa_life.h"
#include "ikev2_builder.h"
#include "ikev2_numbers.h"
#include "log.h"
#include "pluto_harness.h"
#include "pluto_peer.h"
#include "state.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MUST(e) do { if (!(e)) __builtin_trap(); } while (0)
#define HEADER_LEN 28
#define EXCHANGE_AT 18

static struct peer peer;
static struct ike_sa *established;
static uint8_t msg[PEER_MSG_MAX];

/* libFuzzer exits without a hook: the harness's temporary files go here. */
static void stop(void)
{
	peer_free(&peer);
	harness_stop();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (NSS_NoDB_Init(NULL) != SECSuccess || !harness_start(NULL) || !peer_init(&peer) ||
	    !peer_establish(&peer) || peer.ticket.len == 0 || harness_sa_count() != 1)
		abort();
	atexit(stop);
	/* a log line per request would fill the disk at fuzzing speed */
	log_close();
	if (!log_open("pluto", LOG_DEST_FILE, "/dev/null"))
		abort();
	established = ike_sa_first();
	/* requests for a new IKE SA: not the established one's SPIi */
	peer.spi_i ^= 0x5a5a5a5a5a5a5a5aull;
	peer.spi_r = 0;
	harness_clear_sent();
	return 0;
}

/* Sends one request and checks what it left behind. */
static void send_and_check(struct bytes request)
{
	unsigned long before = harness_state_fingerprint();
	unsigned count = harness_sa_count();
	harness_clear_sent();
	harness_receive(request);
	MUST(harness_sent_count() <= 1);
	if (harness_state_fingerprint() == before)
		return;
	/* accepted: one new half-made resume, then gone again */
	MUST(harness_sa_count() == count + 1);
	struct ike_sa *next;
	unsigned resumed = 0;
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = next) {
		next = ike->next;
		if (ike == established)
			continue;
		MUST(ike->state == IKE_RESUME_R && ike->resumed);
		ike_sa_drop(ike);
		resumed++;
	}
	MUST(resumed == 1 && harness_state_fingerprint() == before);
}

static void whole_datagram(struct bytes in)
{
	if (in.len < HEADER_LEN || in.len > sizeof(msg))
		return;
	memcpy(msg, in.ptr, in.len);
	msg[EXCHANGE_AT] = IKEV2_EXCH_IKE_SESSION_RESUME;
	send_and_check(BYTES(msg, in.len));
}

static void after_good_header(struct bytes in)
{
	if (in.len < 1 || in.len - 1 > sizeof(msg) - HEADER_LEN)
		return;
	struct ikev2_header hdr = {
		.spi_i = peer.spi_i,
		.spi_r = 0,
		.next_payload = in.ptr[0],
		.major = 2,
		.exchange = IKEV2_EXCH_IKE_SESSION_RESUME,
		.flags = IKEV2_FLAG_INITIATOR,
		.message_id = 0,
		.length = (uint32_t)(HEADER_LEN + in.len - 1),
	};
	struct wire_out out = wire_out_buf(msg, sizeof(msg));
	ikev2_header_encode(&out, &hdr);
	wire_put_bytes(&out, BYTES(in.ptr + 1, in.len - 1));
	MUST(!out.overflow);
	send_and_check(wire_out_bytes(&out));
}

static void flipped_ticket(struct bytes in)
{
	uint8_t t[PEER_MSG_MAX / 2];
	size_t n = peer.ticket.len;
	if (in.len > 0 && in.len < n)
		n = in.len;	/* a truncated ticket */
	memcpy(t, peer.ticket.ptr, n);
	for (size_t i = 0; i < in.len && i < n; i++)
		t[i] ^= in.ptr[i];
	struct bytes ticket = BYTES(t, n);
	send_and_check(peer_resume(&peer, &ticket));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = BYTES(data, size);
	whole_datagram(in);
	after_good_header(in);
	flipped_ticket(in);
	return 0;
}
