/*
 * libFuzzer target for ticket unsealing (ikev2_ticket.h), in three parts
 * per input:
 *   1. the input as a sealed ticket, against a fixed key ring and clock;
 *      a ticket that unseals must re-seal and unseal to the same state;
 *   2. the input as the plaintext state: what decodes must re-encode to
 *      the very same bytes (one encoding per state), and round-trip
 *      through seal/unseal;
 *   3. a state built field by field from the input: it must seal and
 *      unseal back to itself.
 * Any disagreement traps.  Seed: corpus/fuzz_ticket_unseal/valid-ticket.
 */
#include <stdlib.h>
#include <string.h>

#include <nss.h>

#include "ikev2_ticket.h"
#include "ticket_keys.h"
#include "wire.h"
#include "ticket_fixed_ring.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ticket_keys *ring;

#define MUST(e) do { if (!(e)) __builtin_trap(); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (NSS_NoDB_Init(NULL) != SECSuccess)
		abort();
	ring = fixed_ring_new();
	if (ring == NULL)
		abort();
	return 0;
}

static bool id_eq(const struct ticket_id *a, const struct ticket_id *b)
{
	return a->type == b->type && bytes_eq(BYTES(a->body, a->len), BYTES(b->body, b->len));
}

static bool state_eq(const struct ticket_state *a, const struct ticket_state *b)
{
	return id_eq(&a->idi, &b->idi) && id_eq(&a->idr, &b->idr) &&
		a->auth_method == b->auth_method &&
		memcmp(&a->sa, &b->sa, sizeof(a->sa)) == 0 &&
		secret_eq(secret_bytes(a->sk_d), secret_bytes(b->sk_d)) &&
		memcmp(a->spi_i, b->spi_i, sizeof(a->spi_i)) == 0 &&
		memcmp(a->spi_r, b->spi_r, sizeof(a->spi_r)) == 0 &&
		a->expiry == b->expiry && strcmp(a->name, b->name) == 0;
}

/* Seal at now (when the expiry allows) and unseal: the same state back. */
static void round_trip(const struct ticket_state *st, uint64_t now)
{
	struct chunk t;
	enum ticket_err err = ticket_seal(ring, st, now, &t);
	if (st->expiry <= now || st->expiry - now > FIXED_LIFETIME) {
		MUST(err == TICKET_ERR_EXPIRED || err == TICKET_ERR_LIFETIME);
		MUST(t.ptr == NULL);
		return;
	}
	MUST(err == TICKET_OK);
	MUST(t.len >= TICKET_MIN_LEN && t.len <= TICKET_MAX_LEN);
	struct ticket_state back;
	MUST(ticket_unseal(ring, chunk_bytes(t), now, &back) == TICKET_OK);
	MUST(state_eq(st, &back));
	uint8_t digest[TICKET_DIGEST_LEN];
	MUST(ticket_digest(chunk_bytes(t), digest));
	ticket_state_free(&back);
	chunk_free(&t);
}

static void fuzz_sealed(struct bytes in)
{
	struct ticket_state st;
	enum ticket_err err = ticket_unseal(ring, in, FIXED_NOW, &st);
	if (err != TICKET_OK) {
		MUST(st.sk_d.ptr == NULL && st.expiry == 0);
		MUST(strcmp(ticket_err_name(err), "unknown error") != 0);
		return;
	}
	MUST(in.len >= TICKET_MIN_LEN && st.expiry > FIXED_NOW);
	round_trip(&st, FIXED_NOW);
	ticket_state_free(&st);
}

static void fuzz_plaintext(struct bytes in)
{
	struct ticket_state st;
	const char *why = NULL;
	if (!ticket_state_decode(in, &st, &why)) {
		MUST(why != NULL && st.sk_d.ptr == NULL);
		return;
	}
	uint8_t buf[TICKET_STATE_MAX_LEN];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	MUST(ticket_state_encode(&st, &out));
	MUST(bytes_eq(wire_out_bytes(&out), in));
	/* move the expiry into the sealable window, keeping the rest */
	st.expiry = FIXED_NOW + 1 + st.expiry % FIXED_LIFETIME;
	round_trip(&st, FIXED_NOW);
	ticket_state_free(&st);
}

/* Up to n bytes (fewer when the input runs out); returns how many. */
static size_t take(struct wire_in *in, void *dst, size_t n)
{
	size_t left = wire_in_left(in);
	if (n > left)
		n = left;
	MUST(wire_get_copy(in, dst, n));
	return n;
}

static uint16_t take_u16(struct wire_in *in)
{
	uint8_t b[2] = { 0, 0 };
	take(in, b, sizeof(b));
	return (uint16_t)(b[0] << 8 | b[1]);
}

static void take_id(struct wire_in *in, struct ticket_id *id)
{
	uint8_t type = 0;
	take(in, &type, 1);
	id->type = type == 0 ? 1 : type;
	id->len = (uint16_t)take(in, id->body, take_u16(in) % (TICKET_ID_MAX + 1));
}

static void fuzz_derived(struct bytes data)
{
	struct wire_in in = wire_in_bytes(data);
	struct ticket_state st;
	memset(&st, 0, sizeof(st));
	take_id(&in, &st.idi);
	take_id(&in, &st.idr);
	take(&in, &st.auth_method, 1);
	st.auth_method |= st.auth_method == 0;
	st.sa.encr = take_u16(&in) | 1;
	st.sa.encr_key_bits = take_u16(&in);
	st.sa.prf = take_u16(&in) | 1;
	st.sa.integ = take_u16(&in);
	st.sa.dh = take_u16(&in);
	uint8_t sk[TICKET_SK_D_MAX] = { 0 }, sk_len = 0;
	take(&in, &sk_len, 1);
	sk_len = (uint8_t)(1 + sk_len % TICKET_SK_D_MAX);
	take(&in, sk, sk_len);
	st.sk_d = secret_clone(BYTES(sk, sk_len));
	take(&in, st.spi_i, sizeof(st.spi_i));
	take(&in, st.spi_r, sizeof(st.spi_r));
	uint16_t lifetime = take_u16(&in);
	st.expiry = FIXED_NOW + lifetime;	/* 0 is refused as expired */
	size_t n = take(&in, st.name, TICKET_NAME_MAX);
	for (size_t i = 0; i < n; i++)
		if (st.name[i] == '\0')
			st.name[i] = '_';
	if (n == 0)
		st.name[0] = 'c';
	MUST(ticket_state_check(&st) == NULL);
	round_trip(&st, FIXED_NOW);
	ticket_state_free(&st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes in = BYTES(data, size);
	fuzz_sealed(in);
	fuzz_plaintext(in);
	fuzz_derived(in);
	return 0;
}
