/* The Certificate and Certificate Request payloads (RFC 7296 §3.6, §3.7). */
#include "ikev2_payloads.h"

/* Hash and URL encodings: a SHA-1 hash, then the URL (RFC 7296 §3.6). */
static bool is_hash_and_url(uint8_t encoding)
{
	return encoding == IKEV2_CERT_HASH_URL_X509 || encoding == IKEV2_CERT_HASH_URL_X509_BUNDLE;
}

static bool decode_common(const char *what, struct bytes body, struct ikev2_cert *c,
			  struct ikev2_error *err)
{
	struct wire_in in = wire_in_bytes(body);
	if (!wire_get_u8(&in, &c->encoding))
		return ikev2_syntax_error(err, "%s payload: empty body, no certificate encoding", what);
	if (c->encoding == 0)
		return ikev2_syntax_error(err, "%s payload: certificate encoding 0 is reserved", what);
	c->data = wire_in_rest(&in);
	return true;
}

bool ikev2_cert_decode(struct bytes body, struct ikev2_cert *cert, struct ikev2_error *err)
{
	if (!decode_common("CERT", body, cert, err))
		return false;
	if (cert->data.len == 0)
		return ikev2_syntax_error(err, "CERT payload: %s (%u) with empty certificate data",
					  ikev2_cert_encoding_name(cert->encoding), cert->encoding);
	if (is_hash_and_url(cert->encoding) && cert->data.len <= IKEV2_SHA1_SIZE)
		return ikev2_syntax_error(err, "CERT payload: %s of %zu octets, needs a %d-octet hash and a URL",
					  ikev2_cert_encoding_name(cert->encoding), cert->data.len,
					  IKEV2_SHA1_SIZE);
	return true;
}

bool ikev2_certreq_decode(struct bytes body, struct ikev2_cert *req, struct ikev2_error *err)
{
	if (!decode_common("CERTREQ", body, req, err))
		return false;
	/* an empty CA list is allowed: "any CA" */
	if (req->encoding == IKEV2_CERT_X509_SIGNATURE && req->data.len % IKEV2_SHA1_SIZE != 0)
		return ikev2_syntax_error(err, "CERTREQ payload: CA list of %zu octets is not a multiple of the %d-octet SHA-1 hash",
					  req->data.len, IKEV2_SHA1_SIZE);
	return true;
}

void ikev2_cert_encode(struct wire_out *out, const struct ikev2_cert *cert)
{
	wire_put_u8(out, cert->encoding);
	wire_put_bytes(out, cert->data);
}
