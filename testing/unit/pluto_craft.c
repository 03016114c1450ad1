/* Hostile messages from the scripted peer (pluto_craft.h). */
#include <string.h>

#include "ikev2_dh.h"
#include "ikev2_numbers.h"
#include "ikev2_sk.h"
#include "pluto_craft.h"
#include "unit.h"

static void add_raws(struct ikev2_builder *b, const struct raw_payload *raw)
{
	for (unsigned i = 0; i < CRAFT_MAX_RAW && raw[i].type != 0; i++)
		for (unsigned n = 0; n <= raw[i].repeat; n++)
			ikev2_msg_add_raw(b, raw[i].type, raw[i].critical, unit_hex(raw[i].hex));
}

struct bytes craft_sa_init(struct peer *p, const struct init_spec *s)
{
	static struct ikev2_sa sa;
	struct wire_out out = wire_out_buf(p->msg, sizeof(p->msg));
	struct ikev2_header hdr = peer_header(p, IKEV2_EXCH_IKE_SA_INIT, 0);
	struct ikev2_builder b;
	ikev2_msg_start(&b, &out, &hdr);
	if (s->cookie_hex != NULL)
		ikev2_msg_add_notify_data(&b, IKEV2_N_COOKIE, unit_hex(s->cookie_hex));
	if (s->sa_hex != NULL) {
		ikev2_msg_add_raw(&b, IKEV2_PL_SA, false, unit_hex(s->sa_hex));
	} else if (!s->no_sa) {
		memset(&sa, 0, sizeof(sa));
		ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES);
		ikev2_sa_add_transform(&sa, IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
		ikev2_sa_add_transform(&sa, IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
		ikev2_sa_add_transform(&sa, IKEV2_TRANS_DH, p->group, 0);
		ikev2_msg_add_sa(&b, &sa);
	}
	if (!s->no_ke) {
		struct ikev2_ke ke = {
			.group = s->ke_group_set ? s->ke_group : p->group,
			.data = s->ke_data_hex != NULL ? unit_hex(s->ke_data_hex) : dh_keypair_public(p->dh),
		};
		ikev2_msg_add_ke(&b, &ke);
	}
	struct bytes ni = s->nonce_hex != NULL ? unit_hex(s->nonce_hex) : chunk_bytes(p->ni);
	if (!s->no_ni)
		ikev2_msg_add_nonce(&b, ni);
	if (s->two_ni)
		ikev2_msg_add_nonce(&b, ni);
	add_raws(&b, s->raw);
	return peer_keep_first(p, &b);
}

struct bytes craft_resume(struct peer *p, const struct resume_spec *s)
{
	struct wire_out out = wire_out_buf(p->msg, sizeof(p->msg));
	struct ikev2_header hdr = peer_header(p, IKEV2_EXCH_IKE_SESSION_RESUME, 0);
	struct ikev2_builder b;
	static uint8_t filler[4096];
	ikev2_msg_start(&b, &out, &hdr);
	if (s->with_sa) {
		static struct ikev2_sa sa;
		memset(&sa, 0, sizeof(sa));
		ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES);
		ikev2_sa_add_transform(&sa, IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
		ikev2_sa_add_transform(&sa, IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
		ikev2_msg_add_sa(&b, &sa);
	}
	if (s->with_ke) {
		struct ikev2_ke ke = { .group = p->group, .data = dh_keypair_public(p->dh) };
		ikev2_msg_add_ke(&b, &ke);
	}
	if (!s->no_ni)
		ikev2_msg_add_nonce(&b, chunk_bytes(p->ni));
	if (s->two_ni)
		ikev2_msg_add_nonce(&b, chunk_bytes(p->ni));
	if (!s->no_ticket) {
		struct bytes t = chunk_bytes(p->ticket);
		if (s->ticket_hex != NULL) {
			t = unit_hex(s->ticket_hex);
		} else if (s->ticket_len > 0) {
			memset(filler, 0x5a, sizeof(filler));
			t = BYTES(filler, s->ticket_len < sizeof(filler) ? s->ticket_len : sizeof(filler));
		}
		ikev2_msg_add_notify_data(&b, IKEV2_N_TICKET_OPAQUE, t);
	}
	return peer_keep_first(p, &b);
}

struct bytes craft_auth(struct peer *p, const struct auth_spec *s)
{
	unsigned omit = s->omit | (s->id_hex != NULL ? PEER_OMIT_ID : 0) |
			(s->ts_hex != NULL ? PEER_OMIT_TS : 0) | (s->sa_hex != NULL ? PEER_OMIT_SA : 0) |
			(s->auth_method != 0 ? PEER_OMIT_AUTH : 0);
	struct ikev2_builder ib;
	struct wire_out plain;
	peer_auth_chain(p, &ib, &plain, omit);
	if (s->id_hex != NULL)
		ikev2_msg_add_raw(&ib, IKEV2_PL_IDi, false, unit_hex(s->id_hex));
	if (s->two_idi)
		ikev2_msg_add_raw(&ib, IKEV2_PL_IDi, false, peer_id_body());
	if (s->auth_method != 0) {
		struct chunk auth = { 0 };
		peer_auth_value(p, peer_id_body(), &auth);
		struct ikev2_auth a = { .method = s->auth_method, .data = chunk_bytes(auth) };
		ikev2_msg_add_auth(&ib, &a);
		chunk_free(&auth);
	}
	if (s->ts_hex != NULL) {
		ikev2_msg_add_raw(&ib, IKEV2_PL_TSi, false, unit_hex(s->ts_hex));
		ikev2_msg_add_raw(&ib, IKEV2_PL_TSr, false, unit_hex(s->ts_hex));
	}
	if (s->sa_hex != NULL)
		ikev2_msg_add_raw(&ib, IKEV2_PL_SA, false, unit_hex(s->sa_hex));
	add_raws(&ib, s->raw);
	return peer_seal_chain(p, IKEV2_EXCH_IKE_AUTH, 1, &ib);
}

struct bytes craft_sealed(struct peer *p, const struct sealed_spec *s)
{
	uint32_t msgid = (uint32_t)((int)p->next_msgid + s->msgid_delta);
	if (s->plain_hex != NULL)
		return peer_seal(p, s->exchange, msgid, s->first, unit_hex(s->plain_hex));
	struct wire_out plain = wire_out_buf(p->plain, sizeof(p->plain));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &plain);
	add_raws(&ib, s->raw);
	return peer_seal_chain(p, s->exchange, msgid, &ib);
}

static void put_u32(uint8_t *at, uint32_t v)
{
	at[0] = (uint8_t)(v >> 24);
	at[1] = (uint8_t)(v >> 16);
	at[2] = (uint8_t)(v >> 8);
	at[3] = (uint8_t)v;
}

struct bytes craft_damage(struct bytes msg, enum damage d)
{
	uint8_t *m = (uint8_t *)msg.ptr;	/* the peer's own buffer */
	if (msg.len < IKEV2_HEADER_SIZE + 4)
		return msg;
	switch (d) {
	case DAMAGE_ICV:
		m[msg.len - 1] ^= 0x80;
		return msg;
	case DAMAGE_CIPHERTEXT:
		m[IKEV2_HEADER_SIZE + 4 + (msg.len - IKEV2_HEADER_SIZE - 4) / 2] ^= 0x01;
		return msg;
	case DAMAGE_LENGTH_LONG:
		put_u32(m + 24, (uint32_t)msg.len + 1);
		return msg;
	case DAMAGE_LENGTH_SHORT:
		put_u32(m + 24, (uint32_t)msg.len - 1);
		return msg;
	case DAMAGE_TRUNCATE_SK: {
		/* the SK payload is the first after the header in our messages */
		size_t len = IKEV2_HEADER_SIZE + 4 + 8;
		m[IKEV2_HEADER_SIZE + 2] = 0;
		m[IKEV2_HEADER_SIZE + 3] = 4 + 8;
		put_u32(m + 24, (uint32_t)len);
		return BYTES(m, len);
	}
	}
	return msg;
}
