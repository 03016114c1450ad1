/* Received-message digests and the message builder (ikev2_msg.h). */
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "connections.h"
#include "ikev2_fragment.h"
#include "ikev2_msg.h"
#include "ikev2_natd.h"
#include "ikev2_numbers.h"
#include "ikev2_sk.h"
#include "ike_sa_life.h"
#include "ikev2_states.h"
#include "log.h"
#include "pluto.h"
#include "server.h"
#include "state.h"

const struct ikev2_digest *md_payloads(const struct msg_digest *md)
{
	return md->protected_ ? &md->inner : &md->outer;
}

const struct ikev2_payload *md_first(const struct msg_digest *md, uint8_t type)
{
	return ikev2_digest_first(md_payloads(md), type);
}

unsigned md_count(const struct msg_digest *md, uint8_t type)
{
	return ikev2_digest_count(md_payloads(md), type);
}

bool md_notify(const struct msg_digest *md, uint16_t type, struct ikev2_notify *n)
{
	const struct ikev2_digest *d = md_payloads(md);
	for (const struct ikev2_payload *p = ikev2_digest_first(d, IKEV2_PL_NOTIFY); p != NULL;
	     p = ikev2_digest_next(d, p, IKEV2_PL_NOTIFY)) {
		struct ikev2_error err = { 0 };
		if (ikev2_notify_decode(p->body, n, &err) && n->type == type)
			return true;
	}
	return false;
}

uint16_t md_error_notify(const struct msg_digest *md)
{
	const struct ikev2_digest *d = md_payloads(md);
	for (const struct ikev2_payload *p = ikev2_digest_first(d, IKEV2_PL_NOTIFY); p != NULL;
	     p = ikev2_digest_next(d, p, IKEV2_PL_NOTIFY)) {
		struct ikev2_notify n;
		struct ikev2_error err = { 0 };
		if (ikev2_notify_decode(p->body, &n, &err) && n.type < IKEV2_N_FIRST_STATUS)
			return n.type;
	}
	return 0;
}

void md_free(struct msg_digest *md)
{
	/* the plaintext may hold key material (e.g. a ticket's secrets) */
	wipe(md->plaintext.ptr, md->plaintext.len);
	chunk_free(&md->plaintext);
}

bool md_open_sk(struct msg_digest *md, struct ike_sa *ike, struct ikev2_error *err)
{
	const struct ikev2_payload *sk = ikev2_digest_first(&md->outer, IKEV2_PL_SK);
	if (sk == NULL)
		return ikev2_drop(err, "%s request without SK payload", ikev2_exchange_name(md->hdr.exchange));
	if (ike->sk_in == NULL)
		return ikev2_drop(err, "SK payload before keys exist");
	/* AAD: the IKE header through the SK payload's generic header */
	size_t aad_len = sk->offset + IKEV2_GENERIC_HEADER_SIZE;	/* offset counts from the header */
	if (aad_len > md->raw.len)
		return ikev2_drop(err, "SK payload offset out of range");
	struct crypto_error cerr = { 0 };
	if (!sk_open(ike->sk_in, BYTES(md->raw.ptr, aad_len), sk->body, &md->plaintext, &cerr))
		return ikev2_drop(err, "SK payload rejected: %s", cerr.reason);
	return md_accept_plaintext(md, ike, sk->next, err);
}

bool md_accept_plaintext(struct msg_digest *md, struct ike_sa *ike, uint8_t first, struct ikev2_error *err)
{
	md->sk_verified = true;
	if (!ikev2_chain_decode(chunk_bytes(md->plaintext), 0, first, IKEV2_CHAIN_INNER,
				&md->inner, err))
		return false;
	md->protected_ = true;
	ike->last_contact = pluto_now();	/* the peer is alive: it knows the keys */
	ikev2_nat_follow(ike, md);
	return true;
}

void mb_init(struct msg_builder *mb, struct ike_sa *ike, uint8_t exchange, bool response,
	     uint32_t msgid, bool encrypted)
{
	mb->ike = ike;
	mb->encrypted = encrypted;
	mb->hdr = (struct ikev2_header){
		.spi_i = ike_spi_u64(&ike->spi_i),
		.spi_r = ike_spi_u64(&ike->spi_r),
		.major = IKEV2_MAJOR_VERSION,
		.exchange = exchange,
		.flags = (uint8_t)((ike->original_initiator ? IKEV2_FLAG_INITIATOR : 0) |
				   (response ? IKEV2_FLAG_RESPONSE : 0)),
		.message_id = msgid,
	};
	mb->body = wire_out_buf(mb->body_buf, sizeof(mb->body_buf));
	mb->last_header = SIZE_MAX;
	mb->first_type = IKEV2_PL_NONE;
}

size_t mb_start(struct msg_builder *mb, uint8_t type)
{
	if (mb->last_header == SIZE_MAX)
		mb->first_type = type;
	else
		wire_patch_u8(&mb->body, mb->last_header, type);
	size_t start = wire_reserve(&mb->body, IKEV2_GENERIC_HEADER_SIZE);
	mb->last_header = start;
	return start;
}

void mb_end(struct msg_builder *mb, size_t start)
{
	size_t len = mb->body.len - start;
	if (len > UINT16_MAX)
		mb->body.overflow = true;
	wire_patch_u16(&mb->body, start + 2, (uint16_t)len);
}

void mb_payload(struct msg_builder *mb, uint8_t type, struct bytes body)
{
	size_t at = mb_start(mb, type);
	wire_put_bytes(&mb->body, body);
	mb_end(mb, at);
}

void mb_notify(struct msg_builder *mb, uint8_t protocol, struct bytes spi, uint16_t type, struct bytes data)
{
	size_t at = mb_start(mb, IKEV2_PL_NOTIFY);
	struct ikev2_notify n = { .protocol = protocol, .spi = spi, .type = type, .data = data };
	ikev2_notify_encode(&mb->body, &n);
	mb_end(mb, at);
}

#define MB_PAYLOAD(type, encode) \
	do { \
		size_t at_ = mb_start(mb, (type)); \
		encode; \
		mb_end(mb, at_); \
	} while (0)

void mb_sa(struct msg_builder *mb, const struct ikev2_sa *sa)
{
	MB_PAYLOAD(IKEV2_PL_SA, ikev2_sa_encode(&mb->body, sa));
}

void mb_ke(struct msg_builder *mb, uint16_t group, struct bytes data)
{
	struct ikev2_ke ke = { .group = group, .data = data };
	MB_PAYLOAD(IKEV2_PL_KE, ikev2_ke_encode(&mb->body, &ke));
}

void mb_nonce(struct msg_builder *mb, struct bytes nonce)
{
	MB_PAYLOAD(IKEV2_PL_NONCE, ikev2_nonce_encode(&mb->body, nonce));
}

void mb_ts(struct msg_builder *mb, uint8_t type, const struct ikev2_ts_list *tsl)
{
	MB_PAYLOAD(type, ikev2_ts_encode(&mb->body, tsl));
}

void mb_auth(struct msg_builder *mb, uint8_t method, struct bytes data)
{
	struct ikev2_auth a = { .method = method, .data = data };
	MB_PAYLOAD(IKEV2_PL_AUTH, ikev2_auth_encode(&mb->body, &a));
}

void mb_delete(struct msg_builder *mb, uint8_t protocol, const uint32_t *spis, uint16_t n)
{
	struct ikev2_delete d = {
		.protocol = protocol,
		.spi_size = protocol == IKEV2_PROTO_IKE ? 0 : 4,
		.nspi = n,
		.spis = BYTES(spis, (size_t)n * 4),
	};
	MB_PAYLOAD(IKEV2_PL_DELETE, ikev2_delete_encode(&mb->body, &d));
}

bool mb_finish(struct msg_builder *mb, struct bytes *msg)
{
	if (mb->body.overflow) {
		log_error("message too large to build");
		return false;
	}
	struct wire_out out = wire_out_buf(mb->msg_buf, sizeof(mb->msg_buf));
	if (!mb->encrypted) {
		mb->hdr.next_payload = mb->first_type;
		mb->hdr.length = (uint32_t)(IKEV2_HEADER_SIZE + mb->body.len);
		ikev2_header_encode(&out, &mb->hdr);
		wire_put_bytes(&out, wire_out_bytes(&mb->body));
	} else if (ikev2_frag_wanted(mb->ike, mb->body.len)) {
		bool ok = ikev2_frag_seal(mb->ike, &mb->hdr, mb->first_type, wire_out_bytes(&mb->body), &out);
		wipe(mb->body_buf, mb->body.len);	/* as below */
		*msg = wire_out_bytes(&out);
		return ok;	/* several messages: no single header length to check */
	} else {
		struct ike_sa *ike = mb->ike;
		size_t sk_len = sk_body_len(ike->sk_out, mb->body.len);
		mb->hdr.next_payload = IKEV2_PL_SK;
		mb->hdr.length = (uint32_t)(IKEV2_HEADER_SIZE + IKEV2_GENERIC_HEADER_SIZE + sk_len);
		ikev2_header_encode(&out, &mb->hdr);
		wire_put_u8(&out, mb->first_type);	/* SK: next payload = first inner */
		wire_put_u8(&out, 0);
		wire_put_u16(&out, (uint16_t)(IKEV2_GENERIC_HEADER_SIZE + sk_len));
		struct crypto_error cerr = { 0 };
		struct bytes aad = BYTES(out.ptr, out.len);
		if (out.overflow || !sk_seal(ike->sk_out, aad, wire_out_bytes(&mb->body),
					     ike->iv_counter++, &out, &cerr)) {
			log_error("cannot seal SK payload: %s", cerr.reason);
			wipe(mb->body_buf, mb->body.len);
			return false;
		}
		/* the plaintext may carry secrets (tickets): do not leave it */
		wipe(mb->body_buf, mb->body.len);
	}
	if (out.overflow || out.len != mb->hdr.length) {
		log_error("message length mismatch while building (%zu != %u)", out.len, mb->hdr.length);
		return false;
	}
	*msg = BYTES(out.ptr, out.len);
	return true;
}

/* A liveness probe gives up after dpdtimeout= when one is set. */
const struct retransmit_policy *ike_retransmit_policy(const struct ike_sa *ike)
{
	static struct retransmit_policy probe;
	const struct connection *c = ike->conn;
	if (!ike->probing || c->dpd_timeout <= 0)
		return &c->retransmit;
	probe = c->retransmit;
	probe.timeout = c->dpd_timeout;
	return &probe;
}

static void retransmit_cb(evutil_socket_t fd, short what, void *arg)
{
	ikev2_retransmit(arg);
}

static void arm_retransmit(struct ike_sa *ike, double delay)
{
	if (ike->window.retransmit_timer == NULL)
		ike->window.retransmit_timer = evtimer_new(pluto_event_base, retransmit_cb, ike);
	struct timeval tv = { .tv_sec = (time_t)delay,
			      .tv_usec = (suseconds_t)((delay - (double)(time_t)delay) * 1e6) };
	evtimer_add(ike->window.retransmit_timer, &tv);
}

bool ikev2_send_request(struct ike_sa *ike, struct msg_builder *mb)
{
	mb->hdr.message_id = ike->window.next_request;
	struct bytes msg;
	if (!mb_finish(mb, &msg))
		return false;
	const struct retransmit_policy *p = ike_retransmit_policy(ike);
	msgid_start_request(&ike->window, mb->hdr.exchange, msg, pluto_now(), p);
	ikev2_send_stored(&ike->local, &ike->remote, msg);	/* maybe fragments */
	arm_retransmit(ike, msgid_next_retransmit(&ike->window, pluto_now(), p));
	return true;
}

void ikev2_retransmit(struct ike_sa *ike)
{
	struct msgid_window *w = &ike->window;
	if (!w->request_outstanding)
		return;
	double delay = msgid_next_retransmit(w, pluto_now(), ike_retransmit_policy(ike));
	if (delay < 0) {
		log_info("\"%s\" #%u: %s request timed out after %u retransmits",
			 ike->conn->name, ike->serialno, ikev2_exchange_name(w->outstanding_exchange),
			 w->retransmits);
		msgid_request_done(w);
		ikev2_request_timeout(ike);	/* may free ike */
		return;
	}
	w->retransmits++;
	log_debug("#%u: retransmit %u of %s request", ike->serialno, w->retransmits,
		  ikev2_exchange_name(w->outstanding_exchange));
	ikev2_send_stored(&ike->local, &ike->remote, chunk_bytes(w->outstanding));
	arm_retransmit(ike, delay);
}

bool ikev2_send_first_request(struct ike_sa *ike, struct msg_builder *mb)
{
	msgid_reset(&ike->window);
	if (!ikev2_send_request(ike, mb))
		return false;
	chunk_free(&ike->first_msg_i);
	ike->first_msg_i = chunk_clone(chunk_bytes(ike->window.outstanding));
	return true;
}

bool ikev2_send_response(struct ike_sa *ike, struct msg_builder *mb, const struct msg_digest *md)
{
	mb->hdr.message_id = md->hdr.message_id;
	struct bytes msg;
	if (!mb_finish(mb, &msg))
		return false;
	msgid_record_response(&ike->window, md->hdr.message_id, msg);
	/* RFC 7296 §2.11: a response goes back from the address and port the
	 * request arrived on, to the ones it came from; the peer may already
	 * have moved to the NAT-T port (it saw NAT-D say so) before we did */
	return ikev2_send_stored(&md->local, &md->remote, msg);	/* maybe fragments */
}

void ikev2_send_stateless_notify(const struct msg_digest *md, uint16_t type, struct bytes data)
{
	uint8_t buf[512];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_header hdr = {
		.spi_i = md->hdr.spi_i,
		.spi_r = md->hdr.spi_r,
		.next_payload = IKEV2_PL_NOTIFY,
		.major = IKEV2_MAJOR_VERSION,
		.exchange = md->hdr.exchange,
		.flags = IKEV2_FLAG_RESPONSE,
		.message_id = md->hdr.message_id,
	};
	size_t hdr_at = out.len;
	ikev2_header_encode(&out, &hdr);
	size_t pl_at = wire_reserve(&out, IKEV2_GENERIC_HEADER_SIZE);
	struct ikev2_notify n = { .protocol = IKEV2_PROTO_NONE, .type = type, .data = data };
	ikev2_notify_encode(&out, &n);
	wire_patch_u16(&out, pl_at + 2, (uint16_t)(out.len - pl_at));
	wire_patch_u32(&out, hdr_at + 24, (uint32_t)out.len);
	if (out.overflow)
		return;
	log_info("answering %s from %s with %s", ikev2_exchange_name(md->hdr.exchange),
		 endpoint_str(&md->remote, (char[ENDPOINT_STR_LEN]){ 0 }, ENDPOINT_STR_LEN),
		 ikev2_notify_name(type));
	server_send(&md->local, &md->remote, wire_out_bytes(&out));
}

void ikev2_send_error_response(struct ike_sa *ike, const struct msg_digest *md, uint16_t type,
			       struct bytes data)
{
	static struct msg_builder mb;
	mb_init(&mb, ike, md->hdr.exchange, true, md->hdr.message_id, ike->sk_out != NULL);
	mb_notify(&mb, IKEV2_PROTO_NONE, EMPTY_BYTES, type, data);
	ikev2_send_response(ike, &mb, md);
}
