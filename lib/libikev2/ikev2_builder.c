/* The message builder (see ikev2_builder.h). */
#include "ikev2_builder.h"
#include "ikev2_digest.h"

#define NO_OFFSET SIZE_MAX
#define HEADER_NEXT_PAYLOAD_AT 16
#define HEADER_LENGTH_AT 24
#define CRITICAL_BIT 0x80
#define MAX_PAYLOAD_LEN 0xffff

void ikev2_msg_start(struct ikev2_builder *b, struct wire_out *out, const struct ikev2_header *hdr)
{
	*b = (struct ikev2_builder){
		.out = out, .start = out->len, .has_header = true,
		.next_at = out->len + HEADER_NEXT_PAYLOAD_AT, .open_at = NO_OFFSET,
	};
	struct ikev2_header h = *hdr;
	h.next_payload = IKEV2_PL_NONE;
	h.major = IKEV2_MAJOR_VERSION;
	h.minor = IKEV2_MINOR_VERSION;
	h.length = 0;
	ikev2_header_encode(out, &h);
}

void ikev2_chain_start(struct ikev2_builder *b, struct wire_out *out)
{
	*b = (struct ikev2_builder){
		.out = out, .start = out->len, .has_header = false,
		.next_at = NO_OFFSET, .open_at = NO_OFFSET,
	};
}

/* Links a new payload of `type` into the chain and writes its generic
 * header with Next Payload 0 and a length to be patched. */
static bool open_payload(struct ikev2_builder *b, uint8_t type, bool critical)
{
	if (b->misuse || b->open_at != NO_OFFSET || b->sealed_len != 0) {
		b->misuse = true;
		return false;
	}
	if (b->next_at == NO_OFFSET)
		b->first = type;
	else
		wire_patch_u8(b->out, b->next_at, type);
	b->open_at = b->out->len;
	b->next_at = b->out->len;
	wire_put_u8(b->out, IKEV2_PL_NONE);
	wire_put_u8(b->out, critical ? CRITICAL_BIT : 0);
	wire_reserve(b->out, 2);
	return true;
}

void ikev2_msg_open(struct ikev2_builder *b, uint8_t type, bool critical)
{
	open_payload(b, type, critical);
}

void ikev2_msg_close(struct ikev2_builder *b)
{
	if (b->open_at == NO_OFFSET) {
		b->misuse = true;
		return;
	}
	size_t len = b->out->len - b->open_at;
	if (len > MAX_PAYLOAD_LEN)
		b->misuse = true;
	wire_patch_u16(b->out, b->open_at + 2, (uint16_t)len);
	b->open_at = NO_OFFSET;
}

void ikev2_msg_add_raw(struct ikev2_builder *b, uint8_t type, bool critical, struct bytes body)
{
	if (!open_payload(b, type, critical))
		return;
	wire_put_bytes(b->out, body);
	ikev2_msg_close(b);
}

/* One builder entry per encoder: open, encode the body, close.  After a
 * misuse nothing more is written: the builder's failure is sticky. */
#define ADD(name, type, encode, arg_t) \
	void ikev2_msg_add_##name(struct ikev2_builder *b, arg_t arg) \
	{ \
		if (!open_payload(b, type, false)) \
			return; \
		encode(b->out, arg); \
		ikev2_msg_close(b); \
	}

ADD(sa, IKEV2_PL_SA, ikev2_sa_encode, const struct ikev2_sa *)
ADD(ke, IKEV2_PL_KE, ikev2_ke_encode, const struct ikev2_ke *)
ADD(nonce, IKEV2_PL_NONCE, ikev2_nonce_encode, struct bytes)
ADD(notify, IKEV2_PL_NOTIFY, ikev2_notify_encode, const struct ikev2_notify *)
ADD(auth, IKEV2_PL_AUTH, ikev2_auth_encode, const struct ikev2_auth *)
ADD(cert, IKEV2_PL_CERT, ikev2_cert_encode, const struct ikev2_cert *)
ADD(certreq, IKEV2_PL_CERTREQ, ikev2_cert_encode, const struct ikev2_cert *)
ADD(delete, IKEV2_PL_DELETE, ikev2_delete_encode, const struct ikev2_delete *)
ADD(vendor, IKEV2_PL_VID, ikev2_opaque_encode, struct bytes)
ADD(cp, IKEV2_PL_CP, ikev2_cp_encode, const struct ikev2_cp *)
ADD(eap, IKEV2_PL_EAP, ikev2_opaque_encode, struct bytes)

void ikev2_msg_add_notify_data(struct ikev2_builder *b, uint16_t type, struct bytes data)
{
	struct ikev2_notify n = { .protocol = IKEV2_PROTO_NONE, .type = type, .data = data };
	ikev2_msg_add_notify(b, &n);
}

void ikev2_msg_add_id(struct ikev2_builder *b, uint8_t payload, const struct ikev2_id *id)
{
	if (payload != IKEV2_PL_IDi && payload != IKEV2_PL_IDr) {
		b->misuse = true;
		return;
	}
	if (!open_payload(b, payload, false))
		return;
	ikev2_id_encode(b->out, id);
	ikev2_msg_close(b);
}

void ikev2_msg_add_ts(struct ikev2_builder *b, uint8_t payload, const struct ikev2_ts_list *tsl)
{
	if (payload != IKEV2_PL_TSi && payload != IKEV2_PL_TSr) {
		b->misuse = true;
		return;
	}
	if (!open_payload(b, payload, false))
		return;
	ikev2_ts_encode(b->out, tsl);
	ikev2_msg_close(b);
}

/* The part of the encrypted payload before its body; see the header. */
static bool layout(struct ikev2_builder *b, uint8_t type, uint8_t first_inner,
		   size_t fixed, size_t body_len)
{
	if (!b->has_header || body_len > MAX_PAYLOAD_LEN - IKEV2_GENERIC_HEADER_SIZE - fixed) {
		b->misuse = true;
		return false;
	}
	if (!open_payload(b, type, false))
		return false;
	size_t at = b->open_at;
	wire_patch_u8(b->out, at, first_inner);
	wire_patch_u16(b->out, at + 2, (uint16_t)(IKEV2_GENERIC_HEADER_SIZE + fixed + body_len));
	b->open_at = NO_OFFSET;
	return true;
}

static bool layout_done(struct ikev2_builder *b, size_t body_len, struct bytes *aad)
{
	if (b->out->overflow)
		return false;
	size_t aad_len = b->out->len - b->start;
	b->sealed_len = aad_len + body_len;
	wire_patch_u32(b->out, b->start + HEADER_LENGTH_AT, (uint32_t)b->sealed_len);
	struct wire_in in = wire_in_bytes(wire_out_bytes(b->out));
	return wire_skip(&in, b->start) && wire_get_bytes(&in, aad_len, aad);
}

bool ikev2_msg_sk_layout(struct ikev2_builder *b, uint8_t first_inner, size_t body_len,
			 struct bytes *aad)
{
	if (!layout(b, IKEV2_PL_SK, first_inner, 0, body_len))
		return false;
	return layout_done(b, body_len, aad);
}

bool ikev2_msg_skf_layout(struct ikev2_builder *b, uint8_t first_inner, uint16_t number,
			  uint16_t total, size_t body_len, struct bytes *aad)
{
	if (!layout(b, IKEV2_PL_SKF, first_inner, IKEV2_SKF_HEADER_SIZE, body_len))
		return false;
	wire_put_u16(b->out, number);
	wire_put_u16(b->out, total);
	return layout_done(b, body_len, aad);
}

bool ikev2_msg_finish(struct ikev2_builder *b, struct bytes *msg)
{
	if (b->misuse || b->out->overflow || b->open_at != NO_OFFSET)
		return false;
	size_t len = b->out->len - b->start;
	if (b->sealed_len != 0 && len != b->sealed_len)
		return false;
	if (b->has_header)
		wire_patch_u32(b->out, b->start + HEADER_LENGTH_AT, (uint32_t)len);
	struct wire_in in = wire_in_bytes(wire_out_bytes(b->out));
	return wire_skip(&in, b->start) && wire_get_bytes(&in, len, msg);
}
