/*
 * Whole-message decoding and the one table that maps a payload type to
 * its decoder (see ikev2_message.h).
 */
#include "ikev2_message.h"
#include "ikev2_payloads.h"

/* Scratch space for one decoded payload of any type. */
union decoded {
	struct ikev2_sa sa;
	struct ikev2_ke ke;
	struct ikev2_notify notify;
	struct ikev2_id id;
	struct ikev2_auth auth;
	struct ikev2_cert cert;
	struct ikev2_ts_list ts;
	struct ikev2_delete del;
	struct ikev2_cp cp;
	struct ikev2_sk sk;
	struct ikev2_skf skf;
	struct bytes opaque;
};

typedef bool validate_fn(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *err);

static bool sa(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_sa_decode(p->body, &u->sa, e); }
static bool ke(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_ke_decode(p->body, &u->ke, e); }
static bool id(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_id_decode(p->body, &u->id, e); }
static bool cert(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_cert_decode(p->body, &u->cert, e); }
static bool certreq(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_certreq_decode(p->body, &u->cert, e); }
static bool auth(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_auth_decode(p->body, &u->auth, e); }
static bool nonce(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_nonce_decode(p->body, &u->opaque, e); }
static bool notify(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_notify_decode(p->body, &u->notify, e); }
static bool del(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_delete_decode(p->body, &u->del, e); }
static bool vendor(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_vendor_decode(p->body, &u->opaque, e); }
static bool ts(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_ts_decode(p->body, &u->ts, e); }
static bool sk(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_sk_decode(p->body, p->next, &u->sk, e); }
static bool cp(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_cp_decode(p->body, &u->cp, e); }
static bool eap(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_eap_decode(p->body, &u->opaque, e); }
static bool skf(const struct ikev2_payload *p, union decoded *u, struct ikev2_error *e)
{ return ikev2_skf_decode(p->body, p->next, &u->skf, e); }

static const struct {
	uint8_t type;
	validate_fn *validate;
} validators[] = {
	{ IKEV2_PL_SA, sa }, { IKEV2_PL_KE, ke }, { IKEV2_PL_IDi, id }, { IKEV2_PL_IDr, id },
	{ IKEV2_PL_CERT, cert }, { IKEV2_PL_CERTREQ, certreq }, { IKEV2_PL_AUTH, auth },
	{ IKEV2_PL_NONCE, nonce }, { IKEV2_PL_NOTIFY, notify }, { IKEV2_PL_DELETE, del },
	{ IKEV2_PL_VID, vendor }, { IKEV2_PL_TSi, ts }, { IKEV2_PL_TSr, ts },
	{ IKEV2_PL_SK, sk }, { IKEV2_PL_CP, cp }, { IKEV2_PL_EAP, eap }, { IKEV2_PL_SKF, skf },
};

bool ikev2_payload_validate(const struct ikev2_payload *p, struct ikev2_error *err)
{
	for (size_t i = 0; i < sizeof(validators) / sizeof(validators[0]); i++) {
		if (validators[i].type != p->type)
			continue;
		union decoded u;
		if (validators[i].validate(p, &u, err))
			return true;
		ikev2_error_prefix(err, "%s payload at offset %zu: ",
				   ikev2_payload_name(p->type), p->offset);
		return false;
	}
	return ikev2_syntax_error(err, "payload type %u at offset %zu has no decoder",
				  p->type, p->offset);
}

bool ikev2_digest_validate(const struct ikev2_digest *d, struct ikev2_error *err)
{
	for (unsigned i = 0; i < d->count; i++)
		if (!ikev2_payload_validate(&d->payloads[i], err))
			return false;
	return true;
}

bool ikev2_message_decode(struct bytes msg, struct ikev2_message *m, struct ikev2_error *err)
{
	m->raw = msg;
	if (!ikev2_header_decode(msg, &m->hdr, err))
		return false;
	if (!ikev2_chain_decode(msg, IKEV2_HEADER_SIZE, m->hdr.next_payload, IKEV2_CHAIN_OUTER,
				&m->outer, err))
		return false;
	return ikev2_digest_validate(&m->outer, err);
}

const struct ikev2_payload *ikev2_message_encrypted(const struct ikev2_message *m)
{
	if (m->outer.count == 0)
		return NULL;
	const struct ikev2_payload *last = &m->outer.payloads[m->outer.count - 1];
	return last->type == IKEV2_PL_SK || last->type == IKEV2_PL_SKF ? last : NULL;
}

bool ikev2_message_aad(const struct ikev2_message *m, struct bytes *aad)
{
	const struct ikev2_payload *enc = ikev2_message_encrypted(m);
	if (enc == NULL)
		return false;
	size_t len = enc->offset + IKEV2_GENERIC_HEADER_SIZE +
		(enc->type == IKEV2_PL_SKF ? IKEV2_SKF_HEADER_SIZE : 0);
	struct wire_in in = wire_in_bytes(m->raw);
	return wire_get_bytes(&in, len, aad);
}

bool ikev2_inner_decode(struct bytes plaintext, uint8_t first, struct ikev2_digest *inner,
			struct ikev2_error *err)
{
	if (!ikev2_chain_decode(plaintext, 0, first, IKEV2_CHAIN_INNER, inner, err)) {
		ikev2_error_prefix(err, "inside SK: ");
		return false;
	}
	if (!ikev2_digest_validate(inner, err)) {
		ikev2_error_prefix(err, "inside SK: ");
		return false;
	}
	return true;
}
