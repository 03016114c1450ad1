/* The Authentication payload (RFC 7296 §3.8). */
#include "ikev2_payloads.h"

#define AUTH_FIXED_SIZE 4	/* Auth Method, RESERVED */

bool ikev2_auth_decode(struct bytes body, struct ikev2_auth *auth, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	if (!wire_get_u8(&in, &auth->method) || !wire_skip(&in, 3))
		return ikev2_syntax_error(err, "AUTH payload: body of %zu octets is shorter than its %d-octet fixed part",
					  body.len, AUTH_FIXED_SIZE);
	if (auth->method == 0)
		return ikev2_syntax_error(err, "AUTH payload: auth method 0 is reserved");
	auth->data = wire_in_rest(&in);
	if (auth->data.len == 0)
		return ikev2_syntax_error(err, "AUTH payload: %s (%u) with empty authentication data",
					  ikev2_auth_method_name(auth->method), auth->method);
	return true;
}

void ikev2_auth_encode(struct wire_out *out, const struct ikev2_auth *auth)
{
	wire_put_u8(out, auth->method);
	wire_put_zeros(out, 3);
	wire_put_bytes(out, auth->data);
}
