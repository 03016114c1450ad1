/* Payloads the codec carries as opaque octets: Vendor ID (RFC 7296 §3.12)
 * and EAP (§3.16, whose content the EAP layer checks). */
#include "ikev2_payloads.h"

#define EAP_HEADER_SIZE 4	/* Code, Identifier, Length */

bool ikev2_vendor_decode(struct bytes body, struct bytes *vid, struct ikev2_error *err)
{
	if (body.len == 0)
		return ikev2_syntax_error(err, "Vendor ID payload: empty");
	*vid = body;
	return true;
}

bool ikev2_eap_decode(struct bytes body, struct bytes *eap, struct ikev2_error *err)
{
	if (body.len < EAP_HEADER_SIZE)
		return ikev2_syntax_error(err, "EAP payload: %zu octets, less than the %d-octet EAP header",
					  body.len, EAP_HEADER_SIZE);
	*eap = body;
	return true;
}

void ikev2_opaque_encode(struct wire_out *out, struct bytes body)
{
	wire_put_bytes(out, body);
}
