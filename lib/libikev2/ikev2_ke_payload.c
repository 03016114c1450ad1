/* The Key Exchange payload (RFC 7296 §3.4). */
#include "ikev2_payloads.h"

#define KE_FIXED_SIZE 4	/* D-H Group Num, RESERVED */

bool ikev2_ke_decode(struct bytes body, struct ikev2_ke *ke, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	uint16_t reserved;
	if (!wire_get_u16(&in, &ke->group) || !wire_get_u16(&in, &reserved))
		return ikev2_syntax_error(err, "KE payload: body of %zu octets is shorter than its %d-octet fixed part",
					  body.len, KE_FIXED_SIZE);
	if (ke->group == 0)
		return ikev2_syntax_error(err, "KE payload: D-H group 0 (NONE)");
	ke->data = wire_in_rest(&in);
	if (ke->data.len == 0)
		return ikev2_syntax_error(err, "KE payload: no key exchange data for group %u", ke->group);
	return true;
}

void ikev2_ke_encode(struct wire_out *out, const struct ikev2_ke *ke)
{
	wire_put_u16(out, ke->group);
	wire_put_u16(out, 0);
	wire_put_bytes(out, ke->data);
}
