/* The Identification payloads IDi and IDr (RFC 7296 §3.5). */
#include "ikev2_payloads.h"

#define ID_FIXED_SIZE 4	/* ID Type, RESERVED */

/* Exact data length for address types, or 0 for "at least one octet". */
static size_t id_exact_len(uint8_t type)
{
	switch (type) {
	case IKEV2_ID_IPV4_ADDR:
		return 4;
	case IKEV2_ID_IPV6_ADDR:
		return 16;
	default:
		return 0;
	}
}

bool ikev2_id_decode(struct bytes body, struct ikev2_id *id, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	if (!wire_get_u8(&in, &id->type) || !wire_skip(&in, 3))
		return ikev2_syntax_error(err, "ID payload: body of %zu octets is shorter than its %d-octet fixed part",
					  body.len, ID_FIXED_SIZE);
	if (id->type == 0)
		return ikev2_syntax_error(err, "ID payload: ID type 0 is reserved");
	id->data = wire_in_rest(&in);
	size_t exact = id_exact_len(id->type);
	if (exact != 0 && id->data.len != exact)
		return ikev2_syntax_error(err, "ID payload: %s of %zu octets, must be %zu",
					  ikev2_id_type_name(id->type), id->data.len, exact);
	if (id->data.len == 0)
		return ikev2_syntax_error(err, "ID payload: %s (%u) with empty identification data",
					  ikev2_id_type_name(id->type), id->type);
	return true;
}

void ikev2_id_encode(struct wire_out *out, const struct ikev2_id *id)
{
	wire_put_u8(out, id->type);
	wire_put_zeros(out, 3);
	wire_put_bytes(out, id->data);
}
