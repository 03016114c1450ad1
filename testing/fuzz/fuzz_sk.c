/*
 * SK payload opening on hostile input (bad-inputs.md item 13).
 *
 * Input: one control octet, then data.  Control bits 0-1 pick the cipher
 * suite; bit 2 chooses the mode:
 *   0: data is an attacker's message, split into AAD and SK body at an
 *      offset from the next octet, and opened: it must be rejected
 *      cleanly (forging the ICV is out of reach), never crash or leak;
 *   1: data is plaintext: seal it, check it opens back to itself, then
 *      flip the bit chosen by the last octet and check it is rejected.
 */
#include <stdlib.h>
#include <string.h>

#include <nss.h>

#include "ikev2_sk.h"
#include "wire.h"

#define NSUITES 4

static struct sk_cipher *sealers[NSUITES], *openers[NSUITES];

static const struct {
	uint16_t encr, bits, integ;
} suites[NSUITES] = {
	{ IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE },
	{ IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE },
	{ IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128 },
	{ IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_512_256 },
};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (NSS_NoDB_Init(NULL) != SECSuccess)
		abort();
	/* SK_e from the front, SK_a from the back: they differ */
	static const uint8_t key[128] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, [127] = 0xff };
	for (size_t i = 0; i < NSUITES; i++) {
		const struct encr_desc *e = encr_by_id(suites[i].encr);
		const struct integ_desc *in = integ_by_id(suites[i].integ);
		struct bytes sk_e = BYTES(key, encr_keymat_len(e, suites[i].bits));
		struct bytes sk_a = BYTES(key + sizeof(key) - in->key_len, in->key_len);
		sealers[i] = sk_cipher_new(e, in, sk_e, sk_a, NULL);
		openers[i] = sk_cipher_new(e, in, sk_e, sk_a, NULL);
		if (sealers[i] == NULL || openers[i] == NULL)
			abort();
	}
	return 0;
}

static void open_hostile(struct sk_cipher *c, struct wire_in *in)
{
	uint8_t split = 0;
	(void)wire_get_u8(in, &split);
	struct bytes aad, body;
	if (!wire_get_bytes(in, split < wire_in_left(in) ? split : wire_in_left(in), &aad))
		return;
	body = wire_in_rest(in);
	struct chunk plain = { 0 };
	struct crypto_error err = { 0 };
	if (sk_open(c, aad, body, &plain, &err))
		abort();	/* an ICV forged by the fuzzer: impossible */
	if (plain.ptr != NULL || err.reason == NULL)
		abort();
}

static void seal_open_flip(size_t s, struct bytes pt, uint8_t flip)
{
	static uint8_t msg[70000];
	if (pt.len > 60000)
		return;
	struct wire_out out = wire_out_buf(msg, sizeof(msg));
	wire_put_bytes(&out, BYTES("hdr-and-sk-header", 17));
	if (!sk_seal(sealers[s], wire_out_bytes(&out), pt, pt.len, &out, NULL))
		abort();
	struct wire_in sealed = wire_in_bytes(wire_out_bytes(&out));
	struct bytes aad, body;
	if (!wire_get_bytes(&sealed, 17, &aad))
		abort();
	body = wire_in_rest(&sealed);
	if (body.len != sk_body_len(sealers[s], pt.len))
		abort();
	struct chunk plain = { 0 };
	if (!sk_open(openers[s], aad, body, &plain, NULL) || !bytes_eq(chunk_bytes(plain), pt))
		abort();
	chunk_free(&plain);
	size_t bit = (size_t)flip * 8191 % (out.len * 8);
	msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	if (sk_open(openers[s], aad, body, &plain, NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wire_in in = wire_in_bytes(BYTES(data, size));
	uint8_t control;
	if (!wire_get_u8(&in, &control))
		return 0;
	size_t s = control & 3;
	if ((control & 4) == 0) {
		open_hostile(openers[s], &in);
	} else {
		struct bytes rest = wire_in_rest(&in);
		uint8_t flip = rest.len > 0 ? rest.ptr[rest.len - 1] : 0;
		seal_open_flip(s, rest, flip);
	}
	return 0;
}
