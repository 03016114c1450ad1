/*
 * libFuzzer target for the IKEv2 wire codec: each input is decoded as a
 * port-500 datagram, as a port-4500 datagram (non-ESP marker first), as
 * an SK plaintext whose first payload type is the first octet, and sealed:
 * that plaintext put in an SK payload under a real AES-GCM key, so the
 * message path opens it (sk_open with the key) and decodes what is inside,
 * as a receiver does after the ICV verified.  Every accepted payload must
 * re-encode stably (ikev2_reencode.h); every refusal must carry a reaction
 * and a reason.  A broken property aborts.
 *
 *   make fuzz
 *   build-fuzz/testing/fuzz/fuzz_ikev2_decode -max_total_time=60 \
 *           testing/fuzz/corpus/fuzz_ikev2_decode
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nss.h>

#include "ikev2_builder.h"
#include "ikev2_message.h"
#include "ikev2_reencode.h"
#include "ikev2_sk.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One direction of an IKE SA with a fixed AES-GCM-16-256 key (+ salt). */
static struct sk_cipher *sealer, *opener;
static uint64_t iv_counter;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint8_t sk_e[36] = { 1, 2, 3, 4, 5, 6, 7, 8, [35] = 0x5a };
	const struct encr_desc *e = encr_by_id(IKEV2_ENCR_AES_GCM_16);
	const struct integ_desc *none = integ_by_id(IKEV2_INTEG_NONE);
	if (NSS_NoDB_Init(NULL) != SECSuccess)
		abort();
	sealer = sk_cipher_new(e, none, BYTES(sk_e, sizeof(sk_e)), EMPTY_BYTES, NULL);
	opener = sk_cipher_new(e, none, BYTES(sk_e, sizeof(sk_e)), EMPTY_BYTES, NULL);
	if (sealer == NULL || opener == NULL)
		abort();
	return 0;
}

__attribute__((noreturn)) static void fail(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_ikev2_decode: %s: %s\n", what, detail);
	abort();
}

static void check_refusal(const struct ikev2_error *err)
{
	if (err->kind != IKEV2_ERROR_DROP && err->kind != IKEV2_ERROR_NOTIFY)
		fail("refusal without a reaction", err->reason);
	if (err->reason[0] == '\0' || strnlen(err->reason, sizeof(err->reason)) == sizeof(err->reason))
		fail("refusal without a reason", "");
	if (err->data_len > sizeof(err->data))
		fail("notify data too long", err->reason);
}

static void check_digest(const struct ikev2_digest *d)
{
	if (d->count > IKEV2_MAX_PAYLOADS)
		fail("digest overflow", "");
	for (unsigned i = 0; i < d->count; i++) {
		const char *broken = ikev2_reencode_check(&d->payloads[i]);
		if (broken != NULL)
			fail(ikev2_payload_name(d->payloads[i].type), broken);
	}
}

static void decode_inner(struct bytes plaintext, uint8_t first)
{
	static struct ikev2_digest inner;
	struct ikev2_error err = { .kind = IKEV2_ERROR_NONE };
	if (ikev2_inner_decode(plaintext, first, &inner, &err))
		check_digest(&inner);
	else
		check_refusal(&err);
}

/* The SK or SKF body with the fragment fields of SKF skipped. */
static struct bytes encrypted_body(const struct ikev2_payload *enc)
{
	struct wire_in in = wire_in_bytes(enc->body);
	if (enc->type == IKEV2_PL_SKF && !wire_skip(&in, IKEV2_SKF_HEADER_SIZE))
		fail("SKF accepted without its fragment header", "");
	return wire_in_rest(&in);
}

/* Opens an SK payload with the key; true when the ICV verified. */
static bool open_sk(struct bytes aad, const struct ikev2_payload *enc)
{
	if (enc->type != IKEV2_PL_SK)
		return false;
	struct chunk plain = { 0 };
	struct crypto_error cerr = { 0 };
	if (!sk_open(opener, aad, enc->body, &plain, &cerr)) {
		if (cerr.reason == NULL)
			fail("sk_open refused without a reason", "");
		return false;
	}
	decode_inner(chunk_bytes(plain), enc->next);
	chunk_free(&plain);
	return true;
}

enum decoded { REFUSED, CLEAR, OPENED, NOT_OPENED };

static enum decoded decode_message(struct bytes msg)
{
	static struct ikev2_message m;
	struct ikev2_error err = { .kind = IKEV2_ERROR_NONE };
	if (!ikev2_message_decode(msg, &m, &err)) {
		check_refusal(&err);
		return REFUSED;
	}
	check_digest(&m.outer);
	const struct ikev2_payload *enc = ikev2_message_encrypted(&m);
	if (enc == NULL)
		return CLEAR;
	struct bytes aad;
	if (!ikev2_message_aad(&m, &aad))
		fail("no AAD for an encrypted payload", "");
	if (open_sk(aad, enc))
		return OPENED;
	/* a forged body does not open: walk it as if it were plaintext, so
	 * the inner chain walker is fuzzed on this path too */
	decode_inner(encrypted_body(enc), enc->next);
	return NOT_OPENED;
}

/* The input as the plaintext of an IKE_AUTH request sealed with the key:
 * the message must open and its inner chain be judged. */
static void decode_sealed(struct bytes plain, uint8_t first)
{
	static uint8_t buf[65535];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_header hdr = {
		.spi_i = 0x0102030405060708, .spi_r = 0x1112131415161718, .major = IKEV2_MAJOR_VERSION,
		.exchange = IKEV2_EXCH_IKE_AUTH, .flags = IKEV2_FLAG_INITIATOR, .message_id = 1,
	};
	struct ikev2_builder b;
	struct bytes aad, msg;
	ikev2_msg_start(&b, &out, &hdr);
	if (first == IKEV2_PL_SK || first == IKEV2_PL_SKF ||
	    !ikev2_msg_sk_layout(&b, first, sk_body_len(sealer, plain.len), &aad))
		return;	/* too large to fit, or a first payload the builder refuses */
	if (!sk_seal(sealer, aad, plain, ++iv_counter, &out, NULL) || !ikev2_msg_finish(&b, &msg))
		fail("sealing failed", "");
	if (decode_message(msg) == NOT_OPENED)
		fail("a message sealed with the key does not open", "");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes input = BYTES(data, size);
	decode_message(input);

	struct bytes ike;
	if (ikev2_non_esp_marker(input, &ike) == IKEV2_ENCAP_IKE)
		decode_message(ike);

	struct wire_in in = wire_in_bytes(input);
	uint8_t first;
	if (wire_get_u8(&in, &first)) {
		decode_inner(wire_in_rest(&in), first);
		decode_sealed(wire_in_rest(&in), first);
	}
	return 0;
}
