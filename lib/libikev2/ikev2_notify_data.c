/*
 * Notification data with a structure of its own: TICKET_LT_OPAQUE
 * (RFC 5723 §7.1) and REDIRECT / REDIRECTED_FROM (RFC 5685 §9.2, §9.3).
 */
#include "ikev2_payloads.h"

#define LIFETIME_SIZE 4
#define GW_HEADER_SIZE 2	/* GW Ident Type, GW Ident Len */

bool ikev2_ticket_lt_decode(struct bytes data, struct ikev2_ticket_lt *t, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(data);
	if (!wire_get_u32(&in, &t->lifetime))
		return ikev2_syntax_error(err, "TICKET_LT_OPAQUE data of %zu octets is shorter than the %d-octet lifetime",
					  data.len, LIFETIME_SIZE);
	t->ticket = wire_in_rest(&in);
	if (t->ticket.len == 0)
		return ikev2_syntax_error(err, "TICKET_LT_OPAQUE carries a lifetime but no ticket");
	return true;
}

void ikev2_ticket_lt_encode(struct wire_out *out, const struct ikev2_ticket_lt *t)
{
	wire_put_u32(out, t->lifetime);
	wire_put_bytes(out, t->ticket);
}

/* Exact identity length per gateway type, 0 for "at least one octet". */
static bool gw_len_ok(uint8_t type, size_t len, size_t *exact)
{
	switch (type) {
	case IKEV2_GW_IPV4:
		*exact = 4;
		return len == 4;
	case IKEV2_GW_IPV6:
		*exact = 16;
		return len == 16;
	default:	/* FQDN */
		*exact = 0;
		return len > 0;
	}
}

bool ikev2_redirect_decode(struct bytes data, struct ikev2_redirect *r, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(data);
	uint8_t gw_len;
	if (!wire_get_u8(&in, &r->gw_type) || !wire_get_u8(&in, &gw_len))
		return ikev2_syntax_error(err, "gateway identity: %zu octets, less than its %d-octet header",
					  data.len, GW_HEADER_SIZE);
	if (r->gw_type < IKEV2_GW_IPV4 || r->gw_type > IKEV2_GW_FQDN)
		return ikev2_syntax_error(err, "gateway identity type %u is not IPv4 (1), IPv6 (2) or FQDN (3)",
					  r->gw_type);
	if (!wire_get_bytes(&in, gw_len, &r->gw))
		return ikev2_syntax_error(err, "gateway identity length %u but only %zu octets left",
					  gw_len, wire_in_left(&in));
	size_t exact;
	if (!gw_len_ok(r->gw_type, r->gw.len, &exact))
		return ikev2_syntax_error(err, "gateway identity type %u with %zu octets, must be %s%zu",
					  r->gw_type, r->gw.len, exact ? "" : "at least ", exact ? exact : 1);
	r->nonce = wire_in_rest(&in);
	if (r->nonce.len != 0 && (r->nonce.len < IKEV2_NONCE_MIN || r->nonce.len > IKEV2_NONCE_MAX))
		return ikev2_syntax_error(err, "nonce data of %zu octets after the gateway identity, must be %d..%d",
					  r->nonce.len, IKEV2_NONCE_MIN, IKEV2_NONCE_MAX);
	return true;
}

void ikev2_redirect_encode(struct wire_out *out, const struct ikev2_redirect *r)
{
	wire_put_u8(out, r->gw_type);
	wire_put_u8(out, (uint8_t)r->gw.len);
	wire_put_bytes(out, r->gw);
	wire_put_bytes(out, r->nonce);
}
