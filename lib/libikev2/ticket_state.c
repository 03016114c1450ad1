/*
 * The resumption state carried inside a ticket: validation and the fixed
 * plaintext layout (see ikev2_ticket.h).
 */
#include <string.h>

#include "ikev2_ticket.h"
#include "wire.h"

void ticket_state_free(struct ticket_state *st)
{
	secret_free(&st->sk_d);
}

static const char *id_check(const struct ticket_id *id)
{
	if (id->type == 0)
		return "ID type 0 is reserved";
	if (id->len > TICKET_ID_MAX)
		return "ID longer than the ticket allows";
	return NULL;
}

const char *ticket_state_check(const struct ticket_state *st)
{
	const char *why;
	if ((why = id_check(&st->idi)) != NULL || (why = id_check(&st->idr)) != NULL)
		return why;
	if (st->auth_method == 0)
		return "authentication method 0 is reserved";
	if (st->sa.encr == 0)
		return "no encryption transform";
	if (st->sa.prf == 0)
		return "no PRF transform";
	if (st->sk_d.ptr == NULL || st->sk_d.len == 0)
		return "no SK_d";
	if (st->sk_d.len > TICKET_SK_D_MAX)
		return "SK_d longer than the ticket allows";
	if (st->expiry == 0)
		return "no expiry time";
	size_t name_len = strnlen(st->name, sizeof(st->name));
	if (name_len == 0)
		return "no connection name";
	if (name_len > TICKET_NAME_MAX)
		return "connection name not terminated";
	return NULL;
}

static void put_id(struct wire_out *out, const struct ticket_id *id)
{
	wire_put_u8(out, id->type);
	wire_put_u16(out, id->len);
	wire_put_bytes(out, BYTES(id->body, id->len));
}

bool ticket_state_encode(const struct ticket_state *st, struct wire_out *out)
{
	if (ticket_state_check(st) != NULL)
		return false;
	size_t name_len = strlen(st->name);
	put_id(out, &st->idi);
	put_id(out, &st->idr);
	wire_put_u8(out, st->auth_method);
	wire_put_u16(out, st->sa.encr);
	wire_put_u16(out, st->sa.encr_key_bits);
	wire_put_u16(out, st->sa.prf);
	wire_put_u16(out, st->sa.integ);
	wire_put_u16(out, st->sa.dh);
	wire_put_u8(out, (uint8_t)st->sk_d.len);
	wire_put_bytes(out, secret_bytes(st->sk_d));
	wire_put_bytes(out, BYTES(st->spi_i, TICKET_SPI_LEN));
	wire_put_bytes(out, BYTES(st->spi_r, TICKET_SPI_LEN));
	wire_put_u64(out, st->expiry);
	wire_put_u8(out, (uint8_t)name_len);
	wire_put_bytes(out, BYTES(st->name, name_len));
	return !out->overflow;
}

/* Reads one ID; the length is checked before anything is copied. */
static const char *get_id(struct wire_in *in, struct ticket_id *id)
{
	struct bytes body;
	if (!wire_get_u8(in, &id->type) || !wire_get_u16(in, &id->len))
		return "truncated ID header";
	if (id->len > TICKET_ID_MAX)
		return "ID longer than the ticket allows";
	if (!wire_get_bytes(in, id->len, &body))
		return "truncated ID";
	if (body.len > 0)
		memcpy(id->body, body.ptr, body.len);
	return NULL;
}

static const char *get_fixed(struct wire_in *in, struct ticket_state *st)
{
	if (!wire_get_u8(in, &st->auth_method) ||
	    !wire_get_u16(in, &st->sa.encr) ||
	    !wire_get_u16(in, &st->sa.encr_key_bits) ||
	    !wire_get_u16(in, &st->sa.prf) ||
	    !wire_get_u16(in, &st->sa.integ) ||
	    !wire_get_u16(in, &st->sa.dh))
		return "truncated proposal";
	return NULL;
}

static const char *get_sk_d(struct wire_in *in, struct ticket_state *st)
{
	uint8_t len;
	struct bytes sk;
	if (!wire_get_u8(in, &len))
		return "truncated SK_d length";
	if (len == 0 || len > TICKET_SK_D_MAX)
		return "SK_d length out of range";
	if (!wire_get_bytes(in, len, &sk))
		return "truncated SK_d";
	st->sk_d = secret_clone(sk);
	return NULL;
}

static const char *get_tail(struct wire_in *in, struct ticket_state *st)
{
	uint8_t len;
	struct bytes name;
	if (!wire_get_copy(in, st->spi_i, TICKET_SPI_LEN) ||
	    !wire_get_copy(in, st->spi_r, TICKET_SPI_LEN) ||
	    !wire_get_u64(in, &st->expiry))
		return "truncated SPIs or expiry";
	if (!wire_get_u8(in, &len) || !wire_get_bytes(in, len, &name))
		return "truncated connection name";
	if (name.len > 0 && memchr(name.ptr, '\0', name.len) != NULL)
		return "NUL in connection name";
	if (name.len > 0)
		memcpy(st->name, name.ptr, name.len);
	st->name[name.len] = '\0';
	if (wire_in_left(in) != 0)
		return "trailing bytes after the state";
	return NULL;
}

bool ticket_state_decode(struct bytes plain, struct ticket_state *st, const char **why)
{
	memset(st, 0, sizeof(*st));
	struct wire_in in = wire_in_bytes(plain);
	const char *err;
	if ((err = get_id(&in, &st->idi)) == NULL &&
	    (err = get_id(&in, &st->idr)) == NULL &&
	    (err = get_fixed(&in, st)) == NULL &&
	    (err = get_sk_d(&in, st)) == NULL &&
	    (err = get_tail(&in, st)) == NULL)
		err = ticket_state_check(st);
	if (err != NULL) {
		ticket_state_free(st);
		memset(st, 0, sizeof(*st));
		*why = err;
		return false;
	}
	st->version = TICKET_FORMAT_VERSION;
	return true;
}
