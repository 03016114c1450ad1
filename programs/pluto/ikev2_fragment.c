/* IKEv2 fragmentation, RFC 7383 (ikev2_fragment.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "connections.h"
#include "ikev2_builder.h"
#include "ikev2_fragment.h"
#include "ikev2_msg.h"
#include "ikev2_numbers.h"
#include "ikev2_sk.h"
#include "log.h"
#include "pluto.h"
#include "server.h"
#include "state.h"

/* ---- negotiation ---- */

static bool conn_allows(const struct ike_sa *ike)
{
	return ike->conn->fragmentation != FRAGMENTATION_NO;
}

void ikev2_frag_emit_supported(struct msg_builder *mb, const struct ike_sa *ike)
{
	/* a responder only answers a request that offered it (§2.3) */
	if (!conn_allows(ike) || (!ike->original_initiator && !ike->peer_fragmentation))
		return;
	mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, EMPTY_BYTES);
}

void ikev2_frag_check_supported(struct ike_sa *ike, const struct msg_digest *md)
{
	struct ikev2_notify n;
	ike->peer_fragmentation = conn_allows(ike) &&
		md_notify(md, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, &n);
	if (ike->peer_fragmentation)
		log_debug("#%u: the peer supports IKEv2 fragmentation", ike->serialno);
}

/* ---- sending ---- */

size_t ikev2_frag_size(const struct ike_sa *ike)
{
	return ike->remote.addr.family == AF_INET6 ? FRAG_SIZE_IPV6 : FRAG_SIZE_IPV4;
}

/* What one fragment costs besides its share of the content. */
static size_t frag_overhead(void)
{
	return IKEV2_HEADER_SIZE + IKEV2_GENERIC_HEADER_SIZE + IKEV2_SKF_HEADER_SIZE;
}

/* The most content one fragment of `size` octets carries (0: none fits). */
static size_t frag_content_max(struct sk_cipher *c, size_t size)
{
	if (size <= frag_overhead())
		return 0;
	size_t room = size - frag_overhead();
	/* padding and the ICV only make the body longer than the content */
	for (size_t p = room; p > 0; p--)
		if (sk_body_len(c, p) <= room)
			return p;
	return 0;
}

/* How much content each fragment of this message carries (0: none fits). */
static size_t frag_share(const struct ike_sa *ike, size_t plaintext_len)
{
	size_t per = frag_content_max(ike->sk_out, ikev2_frag_size(ike));
	/* force: at least two fragments, so that reassembly really runs */
	if (ike->conn->fragmentation == FRAGMENTATION_FORCE && plaintext_len > 1 && per >= plaintext_len)
		per = (plaintext_len + 1) / 2;
	return per;
}

static size_t frag_count(const struct ike_sa *ike, size_t plaintext_len)
{
	size_t per = frag_share(ike, plaintext_len);
	if (per == 0)
		return SIZE_MAX;
	return plaintext_len == 0 ? 1 : (plaintext_len + per - 1) / per;
}

bool ikev2_frag_wanted(const struct ike_sa *ike, size_t plaintext_len)
{
	if (!ike->peer_fragmentation || ike->sk_out == NULL || !conn_allows(ike))
		return false;
	if (ike->conn->fragmentation != FRAGMENTATION_FORCE &&
	    frag_overhead() - IKEV2_SKF_HEADER_SIZE + sk_body_len(ike->sk_out, plaintext_len) <=
	    ikev2_frag_size(ike))
		return false;
	if (frag_count(ike, plaintext_len) > FRAG_MAX_FRAGMENTS) {
		/* the peer could not take it either (if it bounds sets as we do) */
		log_info("#%u: a message of %zu octets would need more than %d fragments: sent whole",
			 ike->serialno, plaintext_len, FRAG_MAX_FRAGMENTS);
		return false;
	}
	return true;
}

static bool seal_one(struct ike_sa *ike, const struct ikev2_header *hdr, uint8_t first,
		     uint16_t number, uint16_t total, struct bytes content, struct wire_out *out)
{
	struct ikev2_builder b;
	struct ikev2_header h = *hdr;
	struct bytes aad, msg;
	struct crypto_error cerr = { 0 };
	ikev2_msg_start(&b, out, &h);
	size_t body_len = sk_body_len(ike->sk_out, content.len);
	if (!ikev2_msg_skf_layout(&b, number == 1 ? first : IKEV2_PL_NONE, number, total, body_len, &aad))
		return false;
	if (!sk_seal(ike->sk_out, aad, content, ike->iv_counter++, out, &cerr)) {
		log_error("cannot seal fragment %u of %u: %s", number, total, cerr.reason);
		return false;
	}
	return ikev2_msg_finish(&b, &msg);
}

bool ikev2_frag_seal(struct ike_sa *ike, const struct ikev2_header *hdr, uint8_t first,
		     struct bytes plaintext, struct wire_out *out)
{
	size_t per = frag_share(ike, plaintext.len), total = frag_count(ike, plaintext.len);
	if (total > FRAG_MAX_FRAGMENTS) {
		log_error("#%u: %s message of %zu octets would need %zu fragments (at most %d)",
			  ike->serialno, ikev2_exchange_name(hdr->exchange), plaintext.len, total,
			  FRAG_MAX_FRAGMENTS);
		return false;
	}
	for (size_t i = 0; i < total; i++) {
		size_t off = i * per, len = plaintext.len - off < per ? plaintext.len - off : per;
		if (!seal_one(ike, hdr, first, (uint16_t)(i + 1), (uint16_t)total,
			      BYTES(plaintext.ptr + off, len), out))
			return false;
	}
	log_info("#%u: %s %s %u sent as %zu fragment%s (%zu octets of content)", ike->serialno,
		 ikev2_exchange_name(hdr->exchange), ikev2_header_is_response(hdr) ? "response" : "request",
		 hdr->message_id, total, total == 1 ? "" : "s", plaintext.len);
	return !out->overflow;
}

/* The IKE header's Length field: the messages of a stored buffer follow
 * each other, each as long as its header says. */
static size_t next_message_len(struct bytes rest)
{
	struct wire_in in = wire_in_bytes(rest);
	uint32_t len;
	if (!wire_skip(&in, IKEV2_HEADER_SIZE - 4) || !wire_get_u32(&in, &len) ||
	    len < IKEV2_HEADER_SIZE || len > rest.len)
		return rest.len;	/* not ours to split: send as it is */
	return len;
}

bool ikev2_send_stored(const ip_endpoint *local, const ip_endpoint *remote, struct bytes msgs)
{
	bool ok = true;
	while (msgs.len > 0) {
		size_t len = next_message_len(msgs);
		ok = server_send(local, remote, BYTES(msgs.ptr, len)) && ok;
		msgs = BYTES(msgs.ptr + len, msgs.len - len);
	}
	return ok;
}

/* ---- receiving ---- */

static void set_free(struct frag_set **sp)
{
	struct frag_set *s = *sp;
	if (s == NULL)
		return;
	for (unsigned i = 0; i < FRAG_MAX_FRAGMENTS; i++) {
		wipe(s->parts[i].ptr, s->parts[i].len);	/* may hold secrets */
		chunk_free(&s->parts[i]);
	}
	free(s);
	*sp = NULL;
}

void ikev2_frag_discard(struct ike_sa *ike)
{
	set_free(&ike->frags_in[0]);
	set_free(&ike->frags_in[1]);
}

unsigned ikev2_frag_number(const struct msg_digest *md)
{
	const struct ikev2_payload *p = ikev2_digest_first(&md->outer, IKEV2_PL_SKF);
	struct ikev2_skf skf;
	struct ikev2_error err = { 0 };
	if (p == NULL || !ikev2_skf_decode(p->body, p->next, &skf, &err))
		return 0;
	return skf.number;
}

/* Requests and responses are reassembled apart: both ends may have a
 * fragmented request in flight at once. */
static struct frag_set **slot(struct ike_sa *ike, const struct msg_digest *md)
{
	return &ike->frags_in[ikev2_header_is_response(&md->hdr) ? 1 : 0];
}

/* The set held for md's message, or NULL: one of an older message ID, or
 * one left incomplete longer than an exchange may take, does not count
 * (it is replaced once md's fragment verified). */
static struct frag_set *current(struct ike_sa *ike, const struct msg_digest *md)
{
	struct frag_set *s = *slot(ike, md);
	if (s == NULL || s->msgid != md->hdr.message_id ||
	    pluto_now() - s->started > ike->conn->retransmit.timeout)
		return NULL;
	return s;
}

/* A fresh set for md, replacing (and logging) whatever was there. */
static struct frag_set *set_start(struct ike_sa *ike, const struct msg_digest *md, uint16_t total)
{
	struct frag_set **sp = slot(ike, md), *old = *sp;
	if (old != NULL)
		log_info("#%u: discarding %u of %u fragments of message %u", ike->serialno,
			 old->count, old->total, old->msgid);
	set_free(sp);
	struct frag_set *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->msgid = md->hdr.message_id;
	s->response = ikev2_header_is_response(&md->hdr);
	s->total = total;
	s->started = pluto_now();
	*sp = s;
	return s;
}

/* The checks that need no key (§2.6): a false return drops silently. */
static bool acceptable(struct ike_sa *ike, const struct msg_digest *md, const struct ikev2_skf *skf)
{
	struct frag_set *s = current(ike, md);
	if (!ike->peer_fragmentation) {
		log_info("#%u: dropping a fragment: fragmentation was not negotiated", ike->serialno);
		return false;
	}
	if (skf->total > FRAG_MAX_FRAGMENTS) {
		log_info("#%u: dropping fragment %u of %u: more than %d fragments", ike->serialno,
			 skf->number, skf->total, FRAG_MAX_FRAGMENTS);
		return false;
	}
	if (s != NULL && skf->total < s->total) {
		log_debug("#%u: fragment %u of %u dropped: the set has %u", ike->serialno,
			  skf->number, skf->total, s->total);
		return false;
	}
	if (s != NULL && skf->total == s->total && s->have[skf->number - 1]) {
		log_debug("#%u: duplicate fragment %u of %u dropped", ike->serialno, skf->number, skf->total);
		return false;
	}
	return true;
}

/* Verifies and decrypts one fragment; false: dropped (logged). */
static bool open_fragment(struct ike_sa *ike, const struct msg_digest *md, const struct ikev2_payload *p,
			  const struct ikev2_skf *skf, struct chunk *content)
{
	size_t aad_len = p->offset + IKEV2_GENERIC_HEADER_SIZE + IKEV2_SKF_HEADER_SIZE;
	struct crypto_error cerr = { 0 };
	if (ike->sk_in == NULL || aad_len > md->raw.len) {
		log_info("#%u: dropping fragment %u: no keys yet", ike->serialno, skf->number);
		return false;
	}
	if (!sk_open(ike->sk_in, BYTES(md->raw.ptr, aad_len), skf->body, content, &cerr)) {
		log_info("#%u: dropping fragment %u of %u: %s", ike->serialno, skf->number, skf->total,
			 cerr.reason);
		return false;
	}
	return true;
}

static bool keep(struct ike_sa *ike, const struct msg_digest *md, const struct ikev2_skf *skf,
		 struct chunk content)
{
	struct frag_set *s = current(ike, md);
	if (s == NULL || skf->total > s->total)
		s = set_start(ike, md, skf->total);
	if (s == NULL || s->bytes + content.len > FRAG_MAX_REASSEMBLED) {
		log_info("#%u: fragments of message %u exceed %d octets: discarded", ike->serialno,
			 md->hdr.message_id, FRAG_MAX_REASSEMBLED);
		set_free(slot(ike, md));
		return false;
	}
	if (skf->number == 1)
		s->first_inner = skf->first_inner;
	s->parts[skf->number - 1] = content;
	s->have[skf->number - 1] = true;
	s->bytes += content.len;
	s->count++;
	log_debug("#%u: fragment %u of %u of message %u kept", ike->serialno, skf->number, skf->total,
		  md->hdr.message_id);
	return true;
}

/* All fragments are in: their content, in order, becomes md's plaintext. */
static bool reassemble(struct ike_sa *ike, struct msg_digest *md, struct ikev2_error *err)
{
	struct frag_set *s = *slot(ike, md);
	struct chunk all = chunk_alloc(s->bytes);
	size_t at = 0;
	for (unsigned i = 0; i < s->total; i++) {
		if (s->parts[i].len > 0)
			memcpy(all.ptr + at, s->parts[i].ptr, s->parts[i].len);
		at += s->parts[i].len;
	}
	uint8_t first = s->first_inner;
	log_info("#%u: reassembled %s %u from %u fragment%s (%zu octets)", ike->serialno,
		 s->response ? "response" : "request", s->msgid, s->total, s->total == 1 ? "" : "s", s->bytes);
	set_free(slot(ike, md));
	md->plaintext = all;
	return md_accept_plaintext(md, ike, first, err);
}

enum frag_verdict ikev2_frag_receive(struct ike_sa *ike, struct msg_digest *md, struct ikev2_error *err)
{
	const struct ikev2_payload *p = ikev2_digest_first(&md->outer, IKEV2_PL_SKF);
	struct ikev2_skf skf;
	struct chunk content = { 0 };
	if (p == NULL)
		return FRAG_NONE;
	if (!ikev2_skf_decode(p->body, p->next, &skf, err)) {
		log_info("#%u: %s", ike->serialno, err->reason);
		return FRAG_WAIT;
	}
	if (!acceptable(ike, md, &skf) || !open_fragment(ike, md, p, &skf, &content))
		return FRAG_WAIT;
	if (!keep(ike, md, &skf, content)) {
		wipe(content.ptr, content.len);
		chunk_free(&content);
		return FRAG_WAIT;
	}
	struct frag_set *s = *slot(ike, md);
	if (s->count < s->total)
		return FRAG_WAIT;
	return reassemble(ike, md, err) ? FRAG_COMPLETE : FRAG_FAILED;
}
