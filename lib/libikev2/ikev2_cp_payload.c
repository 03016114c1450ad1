/* The Configuration payload (RFC 7296 §3.15). */
#include "ikev2_payloads.h"

#define CP_FIXED_SIZE 4		/* CFG Type, RESERVED */
#define ATTR_HEADER_SIZE 4	/* R bit + Attribute Type, Length */
#define ATTR_TYPE_MASK 0x7fff	/* the R bit is ignored on receipt */

/* Allowed value lengths per RFC 7296 §3.15.1: exactly 0 or `len`. */
struct attr_rule {
	uint16_t type;
	uint16_t len;		/* the non-empty length; 0 = "any" */
	bool even;		/* any length that is a multiple of 2 */
};

static const struct attr_rule attr_rules[] = {
	{ IKEV2_CP_INTERNAL_IP4_ADDRESS, 4, false },
	{ IKEV2_CP_INTERNAL_IP4_NETMASK, 4, false },
	{ IKEV2_CP_INTERNAL_IP4_DNS, 4, false },
	{ IKEV2_CP_INTERNAL_IP4_NBNS, 4, false },
	{ IKEV2_CP_INTERNAL_IP4_DHCP, 4, false },
	{ IKEV2_CP_APPLICATION_VERSION, 0, false },
	{ IKEV2_CP_INTERNAL_IP6_ADDRESS, 17, false },
	{ IKEV2_CP_INTERNAL_IP6_DNS, 16, false },
	{ IKEV2_CP_INTERNAL_IP6_DHCP, 16, false },
	{ IKEV2_CP_INTERNAL_IP4_SUBNET, 8, false },
	{ IKEV2_CP_SUPPORTED_ATTRIBUTES, 0, true },
	/* the RFC says 17; 0 is accepted as in a request, like IP4_SUBNET */
	{ IKEV2_CP_INTERNAL_IP6_SUBNET, 17, false },
};

static bool attr_len_ok(uint16_t type, size_t len)
{
	for (size_t i = 0; i < sizeof(attr_rules) / sizeof(attr_rules[0]); i++) {
		const struct attr_rule *r = &attr_rules[i];
		if (r->type != type)
			continue;
		if (r->even)
			return len % 2 == 0;
		return r->len == 0 || len == 0 || len == r->len;
	}
	return true;	/* unknown attributes are the policy's business */
}

static bool decode_attr(struct wire_in *in, struct ikev2_cp_attr *a, unsigned pos,
			struct ikev2_error *err)
{
	size_t left = wire_in_left(in);
	uint16_t type, length;
	if (!wire_get_u16(in, &type) || !wire_get_u16(in, &length))
		return ikev2_syntax_error(err, "CP attribute %u: %zu octets left, less than the %d-octet attribute header",
					  pos, left, ATTR_HEADER_SIZE);
	a->type = type & ATTR_TYPE_MASK;
	if (!wire_get_bytes(in, length, &a->value))
		return ikev2_syntax_error(err, "CP attribute %u (%s): length %u but only %zu octets left",
					  pos, ikev2_cp_attr_name(a->type), length, wire_in_left(in));
	if (!attr_len_ok(a->type, a->value.len))
		return ikev2_syntax_error(err, "CP attribute %u: %s with a value of %u octets",
					  pos, ikev2_cp_attr_name(a->type), length);
	return true;
}

bool ikev2_cp_decode(struct bytes body, struct ikev2_cp *cp, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	if (!wire_get_u8(&in, &cp->cfg_type) || !wire_skip(&in, 3))
		return ikev2_syntax_error(err, "CP payload: body of %zu octets is shorter than its %d-octet fixed part",
					  body.len, CP_FIXED_SIZE);
	if (cp->cfg_type < IKEV2_CFG_REQUEST || cp->cfg_type > IKEV2_CFG_ACK)
		return ikev2_syntax_error(err, "CP payload: unknown CFG type %u", cp->cfg_type);
	cp->nattrs = 0;
	while (wire_in_left(&in) > 0) {
		if (cp->nattrs == IKEV2_CP_MAX_ATTRS)
			return ikev2_syntax_error(err, "CP payload: more than %d attributes",
						  IKEV2_CP_MAX_ATTRS);
		if (!decode_attr(&in, &cp->attrs[cp->nattrs], cp->nattrs + 1, err))
			return false;
		cp->nattrs++;
	}
	return true;
}

void ikev2_cp_encode(struct wire_out *out, const struct ikev2_cp *cp)
{
	wire_put_u8(out, cp->cfg_type);
	wire_put_zeros(out, 3);
	for (unsigned i = 0; i < cp->nattrs && i < IKEV2_CP_MAX_ATTRS; i++) {
		const struct ikev2_cp_attr *a = &cp->attrs[i];
		wire_put_u16(out, a->type & ATTR_TYPE_MASK);
		wire_put_u16(out, (uint16_t)a->value.len);
		wire_put_bytes(out, a->value);
	}
}
