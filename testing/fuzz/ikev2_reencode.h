/*
 * A property of every payload the codec accepts, shared by the fuzz
 * target and the mutation unit test (header-only, test code): decoding
 * it and encoding the struct again gives a body that decodes, and that
 * encodes to the same octets (encode . decode is stable).
 */
#ifndef IKEV2_REENCODE_H
#define IKEV2_REENCODE_H

#include "chunk.h"
#include "ikev2_digest.h"
#include "ikev2_payloads.h"
#include "wire.h"

/* Decodes a body of `type` and writes its encoding; false if it does not decode. */
static bool ikev2_reencode_body(uint8_t type, uint8_t next, struct bytes body, struct wire_out *out)
{
	static union {
		struct ikev2_sa sa;
		struct ikev2_ke ke;
		struct ikev2_notify n;
		struct ikev2_id id;
		struct ikev2_auth auth;
		struct ikev2_cert cert;
		struct ikev2_ts_list ts;
		struct ikev2_delete del;
		struct ikev2_cp cp;
		struct ikev2_sk sk;
		struct ikev2_skf skf;
		struct bytes b;
	} u;
	struct ikev2_error err;
	switch (type) {
	case IKEV2_PL_SA:
		if (!ikev2_sa_decode(body, &u.sa, &err)) return false;
		ikev2_sa_encode(out, &u.sa);
		return true;
	case IKEV2_PL_KE:
		if (!ikev2_ke_decode(body, &u.ke, &err)) return false;
		ikev2_ke_encode(out, &u.ke);
		return true;
	case IKEV2_PL_IDi:
	case IKEV2_PL_IDr:
		if (!ikev2_id_decode(body, &u.id, &err)) return false;
		ikev2_id_encode(out, &u.id);
		return true;
	case IKEV2_PL_CERT:
		if (!ikev2_cert_decode(body, &u.cert, &err)) return false;
		ikev2_cert_encode(out, &u.cert);
		return true;
	case IKEV2_PL_CERTREQ:
		if (!ikev2_certreq_decode(body, &u.cert, &err)) return false;
		ikev2_cert_encode(out, &u.cert);
		return true;
	case IKEV2_PL_AUTH:
		if (!ikev2_auth_decode(body, &u.auth, &err)) return false;
		ikev2_auth_encode(out, &u.auth);
		return true;
	case IKEV2_PL_NONCE:
		if (!ikev2_nonce_decode(body, &u.b, &err)) return false;
		ikev2_nonce_encode(out, u.b);
		return true;
	case IKEV2_PL_NOTIFY:
		if (!ikev2_notify_decode(body, &u.n, &err)) return false;
		ikev2_notify_encode(out, &u.n);
		return true;
	case IKEV2_PL_DELETE:
		if (!ikev2_delete_decode(body, &u.del, &err)) return false;
		ikev2_delete_encode(out, &u.del);
		return true;
	case IKEV2_PL_VID:
		if (!ikev2_vendor_decode(body, &u.b, &err)) return false;
		ikev2_opaque_encode(out, u.b);
		return true;
	case IKEV2_PL_TSi:
	case IKEV2_PL_TSr:
		if (!ikev2_ts_decode(body, &u.ts, &err)) return false;
		ikev2_ts_encode(out, &u.ts);
		return true;
	case IKEV2_PL_CP:
		if (!ikev2_cp_decode(body, &u.cp, &err)) return false;
		ikev2_cp_encode(out, &u.cp);
		return true;
	case IKEV2_PL_EAP:
		if (!ikev2_eap_decode(body, &u.b, &err)) return false;
		ikev2_opaque_encode(out, u.b);
		return true;
	case IKEV2_PL_SK:
		if (!ikev2_sk_decode(body, next, &u.sk, &err)) return false;
		ikev2_opaque_encode(out, u.sk.body);
		return true;
	case IKEV2_PL_SKF:
		if (!ikev2_skf_decode(body, next, &u.skf, &err)) return false;
		wire_put_u16(out, u.skf.number);
		wire_put_u16(out, u.skf.total);
		ikev2_opaque_encode(out, u.skf.body);
		return true;
	default:
		return false;
	}
}

/* NULL when the property holds, else what broke. */
static const char *ikev2_reencode_check(const struct ikev2_payload *p)
{
	static uint8_t b1[0x10000], b2[0x10000];
	struct wire_out o1 = wire_out_buf(b1, sizeof(b1)), o2 = wire_out_buf(b2, sizeof(b2));
	if (!ikev2_reencode_body(p->type, p->next, p->body, &o1))
		return "an accepted payload does not decode on its own";
	if (o1.overflow)
		return "re-encoding overflowed";
	if (!ikev2_reencode_body(p->type, p->next, wire_out_bytes(&o1), &o2))
		return "a re-encoded payload does not decode";
	if (!bytes_eq(wire_out_bytes(&o1), wire_out_bytes(&o2)))
		return "encode(decode(x)) is not stable";
	return NULL;
}

#endif
