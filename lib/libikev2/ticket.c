/*
 * Sealing and unsealing tickets by value (see ikev2_ticket.h).
 *
 * The IV is 12 random bytes from NSS, not a per-key counter: a key is
 * shared by every gateway loading the key file and survives restarts, so
 * a counter would need to be persisted and coordinated between gateways,
 * and getting that wrong repeats a GCM nonce, which gives away the
 * authentication key.  Random 96-bit IVs need no state; their collision
 * bound (2^32 tickets per key) is enforced per process with
 * TICKET_KEY_MAX_SEALS and is far above what a rotated key ever seals.
 */
#include <stdint.h>
#include <string.h>

#include <pk11pub.h>

#include "ikev2_ticket.h"
#include "ticket_keys.h"
#include "wire.h"

static const char *const err_names[] = {
	[TICKET_OK] = "ok",
	[TICKET_ERR_TRUNCATED] = "truncated",
	[TICKET_ERR_OVERSIZE] = "oversize",
	[TICKET_ERR_BAD_VERSION] = "bad format version",
	[TICKET_ERR_UNKNOWN_KEY] = "unknown key id",
	[TICKET_ERR_AUTH_FAILED] = "authentication failed",
	[TICKET_ERR_MALFORMED_STATE] = "malformed state",
	[TICKET_ERR_EXPIRED] = "expired",
	[TICKET_ERR_NO_KEY] = "no current ticket key",
	[TICKET_ERR_LIFETIME] = "lifetime longer than the key ring allows",
	[TICKET_ERR_KEY_EXHAUSTED] = "ticket key used up",
	[TICKET_ERR_CRYPTO] = "crypto failure",
};

const char *ticket_err_name(enum ticket_err err)
{
	if ((size_t)err < sizeof(err_names) / sizeof(err_names[0]) && err_names[err] != NULL)
		return err_names[err];
	return "unknown error";
}

/* AES-256-GCM, 96-bit IV, 128-bit tag, the ticket header as AAD. */
static void gcm_params(CK_GCM_PARAMS *gcm, SECItem *param, const uint8_t *iv, struct bytes aad)
{
	*gcm = (CK_GCM_PARAMS){
		.pIv = (CK_BYTE_PTR)iv,
		.ulIvLen = TICKET_IV_LEN,
		.ulIvBits = 8 * TICKET_IV_LEN,
		.pAAD = (CK_BYTE_PTR)aad.ptr,
		.ulAADLen = aad.len,
		.ulTagBits = 8 * TICKET_TAG_LEN,
	};
	*param = (SECItem){ .type = siBuffer, .data = (unsigned char *)gcm, .len = sizeof(*gcm) };
}

static enum ticket_err seal_checks(struct ticket_keys *ring, const struct ticket_state *st,
				   uint64_t now, struct ticket_key **key)
{
	if (ticket_state_check(st) != NULL)
		return TICKET_ERR_MALFORMED_STATE;
	if (st->expiry <= now)
		return TICKET_ERR_EXPIRED;
	/* a ticket living longer would outlive the key that sealed it */
	if (st->expiry - now > ticket_keys_max_lifetime(ring))
		return TICKET_ERR_LIFETIME;
	*key = ticket_keys_current(ring);
	if (*key == NULL)
		return TICKET_ERR_NO_KEY;
	if ((*key)->seals >= TICKET_KEY_MAX_SEALS)
		return TICKET_ERR_KEY_EXHAUSTED;
	if (ticket_key_nss(*key) == NULL)
		return TICKET_ERR_CRYPTO;
	return TICKET_OK;
}

/* header | ciphertext+tag into a new chunk; plain is the encoded state. */
static enum ticket_err seal_with(struct ticket_key *key, struct bytes plain, struct chunk *ticket)
{
	uint8_t iv[TICKET_IV_LEN];
	if (PK11_GenerateRandom(iv, sizeof(iv)) != SECSuccess)
		return TICKET_ERR_CRYPTO;
	struct chunk t = chunk_alloc(TICKET_HEADER_LEN + plain.len + TICKET_TAG_LEN);
	struct wire_out out = wire_out_buf(t.ptr, t.len);
	wire_put_u8(&out, TICKET_FORMAT_VERSION);
	wire_put_zeros(&out, TICKET_RESERVED_LEN);
	wire_put_bytes(&out, BYTES(key->id, TICKET_KEY_ID_LEN));
	wire_put_bytes(&out, BYTES(iv, sizeof(iv)));

	struct chunk sealed = chunk_alloc(plain.len + TICKET_TAG_LEN);
	CK_GCM_PARAMS gcm;
	SECItem param;
	gcm_params(&gcm, &param, iv, wire_out_bytes(&out));
	unsigned sealed_len = 0;
	SECStatus rv = PK11_Encrypt(key->nss, CKM_AES_GCM, &param, sealed.ptr, &sealed_len,
				    (unsigned)sealed.len, plain.ptr, (unsigned)plain.len);
	if (rv != SECSuccess || sealed_len != sealed.len) {
		chunk_free(&sealed);
		chunk_free(&t);
		return TICKET_ERR_CRYPTO;
	}
	wire_put_bytes(&out, chunk_bytes(sealed));
	chunk_free(&sealed);
	if (out.overflow || out.len != t.len) {
		chunk_free(&t);
		return TICKET_ERR_CRYPTO;
	}
	key->seals++;
	*ticket = t;
	return TICKET_OK;
}

enum ticket_err ticket_seal(struct ticket_keys *ring, const struct ticket_state *st,
			    uint64_t now, struct chunk *ticket)
{
	*ticket = (struct chunk){ .ptr = NULL, .len = 0 };
	struct ticket_key *key = NULL;
	enum ticket_err err = seal_checks(ring, st, now, &key);
	if (err != TICKET_OK)
		return err;
	uint8_t plain[TICKET_STATE_MAX_LEN];
	struct wire_out pw = wire_out_buf(plain, sizeof(plain));
	if (!ticket_state_encode(st, &pw))
		err = TICKET_ERR_MALFORMED_STATE;
	else
		err = seal_with(key, wire_out_bytes(&pw), ticket);
	wipe(plain, sizeof(plain));
	return err;
}

/* The cleartext header fields, read and checked before any crypto. */
struct ticket_header {
	struct bytes aad;		/* version .. IV, authenticated */
	uint8_t key_id[TICKET_KEY_ID_LEN];
	uint8_t iv[TICKET_IV_LEN];
	struct bytes sealed;		/* ciphertext and tag */
};

static enum ticket_err header_parse(struct bytes ticket, struct ticket_header *h)
{
	if (ticket.len < TICKET_MIN_LEN)
		return TICKET_ERR_TRUNCATED;
	if (ticket.len > TICKET_MAX_LEN)
		return TICKET_ERR_OVERSIZE;
	struct wire_in in = wire_in_bytes(ticket);
	uint8_t version;
	/* the reserved bytes are ignored (RFC 5723 A.1), but authenticated */
	if (!wire_get_u8(&in, &version) ||
	    !wire_skip(&in, TICKET_RESERVED_LEN) ||
	    !wire_get_copy(&in, h->key_id, TICKET_KEY_ID_LEN) ||
	    !wire_get_copy(&in, h->iv, TICKET_IV_LEN))
		return TICKET_ERR_TRUNCATED;
	if (version != TICKET_FORMAT_VERSION)
		return TICKET_ERR_BAD_VERSION;
	h->aad = wire_in_consumed(&in);
	h->sealed = wire_in_rest(&in);
	return TICKET_OK;
}

/* Decrypts and decodes; plain is wiped by the caller. */
static enum ticket_err open_with(struct ticket_key *key, const struct ticket_header *h,
				 uint8_t *plain, size_t plain_cap, struct ticket_state *st)
{
	CK_GCM_PARAMS gcm;
	SECItem param;
	gcm_params(&gcm, &param, h->iv, h->aad);
	unsigned plain_len = 0;
	if (PK11_Decrypt(key->nss, CKM_AES_GCM, &param, plain, &plain_len, (unsigned)plain_cap,
			 h->sealed.ptr, (unsigned)h->sealed.len) != SECSuccess)
		return TICKET_ERR_AUTH_FAILED;
	const char *why;
	if (!ticket_state_decode(BYTES(plain, plain_len), st, &why))
		return TICKET_ERR_MALFORMED_STATE;
	return TICKET_OK;
}

enum ticket_err ticket_unseal(struct ticket_keys *ring, struct bytes ticket, uint64_t now,
			      struct ticket_state *st)
{
	memset(st, 0, sizeof(*st));
	struct ticket_header h;
	enum ticket_err err = header_parse(ticket, &h);
	if (err != TICKET_OK)
		return err;
	struct ticket_key *key = ticket_keys_find(ring, h.key_id);
	if (key == NULL)
		return TICKET_ERR_UNKNOWN_KEY;
	if (ticket_key_nss(key) == NULL)
		return TICKET_ERR_CRYPTO;
	/* NSS wants room for the tag too */
	uint8_t plain[TICKET_STATE_MAX_LEN + TICKET_TAG_LEN];
	err = open_with(key, &h, plain, sizeof(plain), st);
	wipe(plain, sizeof(plain));
	if (err == TICKET_OK && st->expiry <= now)
		err = TICKET_ERR_EXPIRED;
	if (err != TICKET_OK) {
		ticket_state_free(st);
		memset(st, 0, sizeof(*st));
		return err;
	}
	st->version = TICKET_FORMAT_VERSION;
	return TICKET_OK;
}

bool ticket_digest(struct bytes ticket, uint8_t digest[TICKET_DIGEST_LEN])
{
	static const uint8_t empty[1];
	if (ticket.len > INT32_MAX)
		return false;
	return PK11_HashBuf(SEC_OID_SHA256, digest, ticket.len > 0 ? ticket.ptr : empty,
			    (PRInt32)ticket.len) == SECSuccess;
}
