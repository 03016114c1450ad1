/* The Encrypted payload (RFC 7296 §3.14) and the Encrypted Fragment
 * payload (RFC 7383 §2.5): framing only; the crypto layer opens them. */
#include "ikev2_payloads.h"

bool ikev2_sk_decode(struct bytes body, uint8_t next, struct ikev2_sk *sk, struct ikev2_error *err)
{
	if (body.len == 0)
		return ikev2_syntax_error(err, "SK payload: empty, no IV, ciphertext or ICV");
	sk->first_inner = next;
	sk->body = body;
	return true;
}

/* RFC 7383 §2.6: invalid fragment numbers are silently discarded. */
bool ikev2_skf_decode(struct bytes body, uint8_t next, struct ikev2_skf *skf, struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	if (!wire_get_u16(&in, &skf->number) || !wire_get_u16(&in, &skf->total))
		return ikev2_drop(err, "SKF payload: body of %zu octets is shorter than the %d-octet fragment header",
				  body.len, IKEV2_SKF_HEADER_SIZE);
	if (skf->number == 0 || skf->total == 0)
		return ikev2_drop(err, "SKF payload: fragment number %u of total %u, neither may be 0",
				  skf->number, skf->total);
	if (skf->number > skf->total)
		return ikev2_drop(err, "SKF payload: fragment number %u is greater than total %u",
				  skf->number, skf->total);
	if (skf->number > 1 && next != IKEV2_PL_NONE)
		return ikev2_drop(err, "SKF payload: fragment %u names next payload %u, only fragment 1 may",
				  skf->number, next);
	skf->first_inner = next;
	skf->body = wire_in_rest(&in);
	if (skf->body.len == 0)
		return ikev2_drop(err, "SKF payload: fragment %u of %u has no IV, ciphertext or ICV",
				  skf->number, skf->total);
	return true;
}
