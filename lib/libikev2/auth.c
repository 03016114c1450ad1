/* Shared-key and resumption AUTH values (RFC 7296 §2.15, RFC 5723 §4.3.3). */
#include <string.h>

#include "ikev2_auth.h"
#include "ikev2_prf.h"
#include "wire.h"

/* A PRF output that goes on the wire: a public chunk, not a secret. */
static bool prf_public(const struct prf_desc *p, struct bytes key, struct bytes data,
		       struct chunk *out, struct crypto_error *err)
{
	struct secret s;
	if (!prf_compute(p, key, data, &s, err))
		return false;
	*out = chunk_clone(secret_bytes(s));
	secret_free(&s);
	return true;
}

bool auth_maced_id(const struct prf_desc *prf, struct bytes sk_px, struct bytes id_body,
		   struct chunk *maced_id, struct crypto_error *err)
{
	return prf_public(prf, sk_px, id_body, maced_id, err);
}

struct chunk auth_signed_octets(struct bytes first_message, struct bytes peer_nonce,
				struct bytes maced_id)
{
	struct chunk c = chunk_alloc(first_message.len + peer_nonce.len + maced_id.len);
	struct wire_out out = wire_out_buf(c.ptr, c.len);
	wire_put_bytes(&out, first_message);
	wire_put_bytes(&out, peer_nonce);
	wire_put_bytes(&out, maced_id);
	return c;
}

bool auth_psk(const struct prf_desc *prf, struct bytes psk, struct bytes signed_octets,
	      struct chunk *auth, struct crypto_error *err)
{
	struct secret padded;
	if (!prf_compute(prf, psk, BYTES(IKEV2_KEY_PAD, strlen(IKEV2_KEY_PAD)), &padded, err))
		return false;
	bool ok = prf_public(prf, secret_bytes(padded), signed_octets, auth, err);
	secret_free(&padded);
	return ok;
}

bool auth_resume(const struct prf_desc *prf, struct bytes sk_px, struct bytes signed_octets,
		 struct chunk *auth, struct crypto_error *err)
{
	return prf_public(prf, sk_px, signed_octets, auth, err);
}

bool auth_equal(struct bytes expected, struct bytes received)
{
	return secret_eq(expected, received);
}
