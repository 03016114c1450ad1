/* The Nonce payload (RFC 7296 §3.9): 16..256 octets. */
#include "ikev2_payloads.h"

bool ikev2_nonce_decode(struct bytes body, struct bytes *nonce, struct ikev2_error *err)
{
	if (body.len < IKEV2_NONCE_MIN || body.len > IKEV2_NONCE_MAX)
		return ikev2_syntax_error(err, "Nonce payload: %zu octets, must be %d..%d",
					  body.len, IKEV2_NONCE_MIN, IKEV2_NONCE_MAX);
	*nonce = body;
	return true;
}

void ikev2_nonce_encode(struct wire_out *out, struct bytes nonce)
{
	wire_put_bytes(out, nonce);
}
