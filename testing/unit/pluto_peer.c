/*
 * The scripted initiator (pluto_peer.h).  Its messages follow RFC 7296
 * §1.2 and RFC 5723 §4.3; it uses only libikev2, never pluto's code, so a
 * bug in the daemon's builder cannot hide the same bug in its parser.
 */
#include <arpa/inet.h>
#include <string.h>

#include <pk11pub.h>

#include "ikev2_auth.h"
#include "ikev2_dh.h"
#include "ikev2_message.h"
#include "ikev2_numbers.h"
#include "ikev2_random.h"
#include "ikev2_sk.h"
#include "pluto_harness.h"
#include "pluto_peer.h"

#define NONCE_SIZE 32
#define NATD_LEN 20

static uint64_t fresh_spi(void)
{
	uint64_t spi = 0;
	while (spi == 0)
		random_bytes(&spi, sizeof(spi));
	return spi;
}

static void attempt_free(struct peer *p)
{
	chunk_free(&p->ni);
	chunk_free(&p->nr);
	chunk_free(&p->cookie);
	chunk_free(&p->first_i);
	chunk_free(&p->first_r);
	dh_keypair_free(&p->dh);
	ike_keys_free(&p->keys);
	sk_cipher_free(&p->sk_out);
	sk_cipher_free(&p->sk_in);
}

bool peer_restart(struct peer *p)
{
	struct crypto_error err = { 0 };
	attempt_free(p);
	p->spi_i = fresh_spi();
	p->spi_r = 0;
	p->next_msgid = 0;
	p->iv_counter = 0;
	p->resumed = false;
	p->ni = chunk_alloc(NONCE_SIZE);
	return random_bytes(p->ni.ptr, p->ni.len) && dh_keypair_new(dh_by_id(p->group), &p->dh, &err);
}

bool peer_init(struct peer *p)
{
	memset(p, 0, sizeof(*p));
	p->group = IKEV2_DH_ECP256;
	return peer_restart(p);
}

void peer_free(struct peer *p)
{
	attempt_free(p);
	chunk_free(&p->ticket);
	secret_free(&p->ticket_sk_d);
}

struct ikev2_header peer_header(const struct peer *p, uint8_t exchange, uint32_t msgid)
{
	return (struct ikev2_header){
		.spi_i = p->spi_i, .spi_r = p->spi_r, .major = IKEV2_MAJOR_VERSION,
		.exchange = exchange, .flags = IKEV2_FLAG_INITIATOR, .message_id = msgid,
	};
}

/* SHA-1(SPIi | SPIr | IP | port), RFC 7296 §2.23. */
static void natd_hash(const struct peer *p, const ip_endpoint *ep, uint8_t out[NATD_LEN])
{
	uint8_t buf[8 + 8 + 16 + 2];
	struct wire_out w = wire_out_buf(buf, sizeof(buf));
	wire_put_u64(&w, p->spi_i);
	wire_put_u64(&w, p->spi_r);
	wire_put_bytes(&w, BYTES(ep->addr.bytes, address_len(&ep->addr)));
	wire_put_u16(&w, ep->port);
	if (PK11_HashBuf(SEC_OID_SHA1, out, buf, (PRInt32)w.len) != SECSuccess)
		memset(out, 0, NATD_LEN);
}

static void add_natd(struct ikev2_builder *b, const struct peer *p)
{
	uint8_t h[NATD_LEN];
	natd_hash(p, harness_peer(), h);
	ikev2_msg_add_notify_data(b, IKEV2_N_NAT_DETECTION_SOURCE_IP, BYTES(h, NATD_LEN));
	natd_hash(p, harness_responder(), h);
	ikev2_msg_add_notify_data(b, IKEV2_N_NAT_DETECTION_DESTINATION_IP, BYTES(h, NATD_LEN));
}

struct bytes peer_keep_first(struct peer *p, struct ikev2_builder *b)
{
	struct bytes msg;
	if (!ikev2_msg_finish(b, &msg))
		return EMPTY_BYTES;
	chunk_free(&p->first_i);
	p->first_i = chunk_clone(msg);
	return msg;
}

struct bytes peer_sa_init(struct peer *p)
{
	static struct ikev2_sa sa;
	struct wire_out out = wire_out_buf(p->msg, sizeof(p->msg));
	struct ikev2_header hdr = peer_header(p, IKEV2_EXCH_IKE_SA_INIT, 0);
	struct ikev2_builder b;
	memset(&sa, 0, sizeof(sa));
	ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES);
	ikev2_sa_add_transform(&sa, IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	ikev2_sa_add_transform(&sa, IKEV2_TRANS_PRF, IKEV2_PRF_HMAC_SHA2_256, 0);
	ikev2_sa_add_transform(&sa, IKEV2_TRANS_DH, p->group, 0);
	struct ikev2_ke ke = { .group = p->group, .data = dh_keypair_public(p->dh) };
	ikev2_msg_start(&b, &out, &hdr);
	if (p->cookie.len > 0)
		ikev2_msg_add_notify_data(&b, IKEV2_N_COOKIE, chunk_bytes(p->cookie));
	ikev2_msg_add_sa(&b, &sa);
	ikev2_msg_add_ke(&b, &ke);
	ikev2_msg_add_nonce(&b, chunk_bytes(p->ni));
	add_natd(&b, p);
	if (p->fragmentation)
		ikev2_msg_add_notify_data(&b, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, EMPTY_BYTES);
	return peer_keep_first(p, &b);
}

static bool install_keys(struct peer *p, struct bytes skeyseed)
{
	struct crypto_error err = { 0 };
	uint8_t spi_i[8], spi_r[8];
	struct wire_out w = wire_out_buf(spi_i, 8);
	wire_put_u64(&w, p->spi_i);
	w = wire_out_buf(spi_r, 8);
	wire_put_u64(&w, p->spi_r);
	ike_keys_free(&p->keys);
	sk_cipher_free(&p->sk_out);
	sk_cipher_free(&p->sk_in);
	if (!ike_keys_derive(&p->algs, skeyseed, chunk_bytes(p->ni), chunk_bytes(p->nr),
			     BYTES(spi_i, 8), BYTES(spi_r, 8), &p->keys, &err))
		return false;
	p->sk_out = sk_cipher_new(p->algs.encr, p->algs.integ, secret_bytes(p->keys.sk_ei),
				  secret_bytes(p->keys.sk_ai), &err);
	p->sk_in = sk_cipher_new(p->algs.encr, p->algs.integ, secret_bytes(p->keys.sk_er),
				 secret_bytes(p->keys.sk_ar), &err);
	return p->sk_out != NULL && p->sk_in != NULL;
}

bool peer_decode(struct bytes msg, struct ikev2_header *hdr, struct ikev2_digest *outer)
{
	static struct ikev2_message m;
	struct ikev2_error err = { 0 };
	if (!ikev2_message_decode(msg, &m, &err))
		return false;
	*hdr = m.hdr;
	*outer = m.outer;
	return true;
}

bool peer_has_notify(const struct ikev2_digest *d, uint16_t type, struct bytes *data)
{
	for (const struct ikev2_payload *pl = ikev2_digest_first(d, IKEV2_PL_NOTIFY); pl != NULL;
	     pl = ikev2_digest_next(d, pl, IKEV2_PL_NOTIFY)) {
		struct ikev2_notify n;
		struct ikev2_error err = { 0 };
		if (ikev2_notify_decode(pl->body, &n, &err) && n.type == type) {
			if (data != NULL)
				*data = n.data;
			return true;
		}
	}
	return false;
}

uint16_t peer_first_error(const struct ikev2_digest *d)
{
	for (const struct ikev2_payload *pl = ikev2_digest_first(d, IKEV2_PL_NOTIFY); pl != NULL;
	     pl = ikev2_digest_next(d, pl, IKEV2_PL_NOTIFY)) {
		struct ikev2_notify n;
		struct ikev2_error err = { 0 };
		if (ikev2_notify_decode(pl->body, &n, &err) && ikev2_notify_is_error(n.type))
			return n.type;
	}
	return 0;
}

bool peer_sa_init_response(struct peer *p, struct bytes msg)
{
	static struct ikev2_digest d;
	struct ikev2_header hdr;
	if (!peer_decode(msg, &hdr, &d) || hdr.spi_i != p->spi_i || hdr.spi_r == 0)
		return false;
	const struct ikev2_payload *ke_pl = ikev2_digest_first(&d, IKEV2_PL_KE);
	const struct ikev2_payload *nr_pl = ikev2_digest_first(&d, IKEV2_PL_NONCE);
	struct ikev2_error err = { 0 };
	struct ikev2_ke ke;
	struct bytes nr;
	if (ke_pl == NULL || nr_pl == NULL || !ikev2_ke_decode(ke_pl->body, &ke, &err) ||
	    !ikev2_nonce_decode(nr_pl->body, &nr, &err) || ke.group != p->group)
		return false;
	p->algs = (struct ike_algs){
		.encr = encr_by_id(IKEV2_ENCR_AES_GCM_16), .encr_key_bits = 256,
		.prf = prf_by_id(IKEV2_PRF_HMAC_SHA2_256), .integ = integ_by_id(IKEV2_INTEG_NONE),
		.dh = dh_by_id(p->group),
	};
	p->spi_r = hdr.spi_r;
	chunk_free(&p->nr);
	p->nr = chunk_clone(nr);
	chunk_free(&p->first_r);
	p->first_r = chunk_clone(msg);
	struct secret g_ir = { 0 }, skeyseed = { 0 };
	struct crypto_error cerr = { 0 };
	bool ok = dh_shared_secret(p->dh, ke.data, &g_ir, &cerr) &&
		  ikev2_skeyseed(p->algs.prf, chunk_bytes(p->ni), chunk_bytes(p->nr), secret_bytes(g_ir),
				 &skeyseed, &cerr) &&
		  install_keys(p, secret_bytes(skeyseed));
	secret_free(&g_ir);
	secret_free(&skeyseed);
	p->next_msgid = 1;
	return ok;
}

struct bytes peer_id_body(void)
{
	static uint8_t buf[64];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_id id = { .type = IKEV2_ID_FQDN,
			       .data = BYTES(HARNESS_PEER_ID, strlen(HARNESS_PEER_ID)) };
	ikev2_id_encode(&out, &id);
	return wire_out_bytes(&out);
}

/* AUTH = prf(PSK or SK_pi, "Key Pad..." or not, first_i | Nr | prf(SK_pi, IDi)). */
bool peer_auth_value(struct peer *p, struct bytes id_body, struct chunk *auth)
{
	const struct prf_desc *prf = p->algs.prf;
	struct bytes sk_pi = secret_bytes(p->keys.sk_pi);
	struct crypto_error err = { 0 };
	struct chunk maced = { 0 };
	if (!auth_maced_id(prf, sk_pi, id_body, &maced, &err))
		return false;
	struct chunk octets = auth_signed_octets(chunk_bytes(p->first_i), chunk_bytes(p->nr),
						 chunk_bytes(maced));
	bool ok = p->resumed ? auth_resume(prf, sk_pi, chunk_bytes(octets), auth, &err)
			     : auth_psk(prf, BYTES(HARNESS_PSK, strlen(HARNESS_PSK)), chunk_bytes(octets),
					auth, &err);
	chunk_free(&octets);
	chunk_free(&maced);
	return ok;
}

/* a.b.0.0/16, every protocol and port */
static void ts_subnet(struct ikev2_ts_list *tsl, uint8_t a, uint8_t b)
{
	memset(tsl, 0, sizeof(*tsl));
	tsl->count = 1;
	tsl->ts[0].type = IKEV2_TS_IPV4_ADDR_RANGE;
	tsl->ts[0].end_port = 65535;
	uint8_t start[4] = { a, b, 0, 0 }, end[4] = { a, b, 255, 255 };
	memcpy(tsl->ts[0].start, start, 4);
	memcpy(tsl->ts[0].end, end, 4);
}

/* ESP with AES-GCM-16/256, [the D-H group (PFS)], no ESN. */
static void add_esp_sa(struct ikev2_builder *ib, const uint8_t spi[4], uint16_t dh_group)
{
	static struct ikev2_sa esp;
	memset(&esp, 0, sizeof(esp));
	ikev2_sa_add_proposal(&esp, IKEV2_PROTO_ESP, BYTES(spi, 4));
	ikev2_sa_add_transform(&esp, IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	if (dh_group != 0)
		ikev2_sa_add_transform(&esp, IKEV2_TRANS_DH, dh_group, 0);
	ikev2_sa_add_transform(&esp, IKEV2_TRANS_ESN, IKEV2_ESN_NO, 0);
	ikev2_msg_add_sa(ib, &esp);
}

static void add_ts_pair(struct ikev2_builder *ib, uint8_t tsi_b, uint8_t tsr_b)
{
	struct ikev2_ts_list tsi, tsr;
	ts_subnet(&tsi, 10, tsi_b);
	ts_subnet(&tsr, 10, tsr_b);
	ikev2_msg_add_ts(ib, IKEV2_PL_TSi, &tsi);
	ikev2_msg_add_ts(ib, IKEV2_PL_TSr, &tsr);
}

void peer_child_payloads(struct ikev2_builder *ib, const uint8_t spi[4], struct bytes nonce,
			 const struct ikev2_ke *ke, uint8_t tsi_b, uint8_t tsr_b)
{
	add_esp_sa(ib, spi, ke != NULL ? ke->group : 0);
	ikev2_msg_add_nonce(ib, nonce);
	if (ke != NULL)
		ikev2_msg_add_ke(ib, ke);
	add_ts_pair(ib, tsi_b, tsr_b);
}

void peer_auth_chain(struct peer *p, struct ikev2_builder *ib, struct wire_out *plain, unsigned omit)
{
	*plain = wire_out_buf(p->plain, sizeof(p->plain));
	ikev2_chain_start(ib, plain);
	struct bytes idb = peer_id_body();
	if (!(omit & PEER_OMIT_ID))
		ikev2_msg_add_raw(ib, IKEV2_PL_IDi, false, idb);
	if (!(omit & PEER_OMIT_AUTH)) {
		struct chunk auth = { 0 };
		peer_auth_value(p, idb, &auth);
		if ((omit & PEER_BAD_AUTH) && auth.len > 0)
			auth.ptr[0] ^= 1;
		struct ikev2_auth a = { .method = IKEV2_AUTH_PSK, .data = chunk_bytes(auth) };
		ikev2_msg_add_auth(ib, &a);
		chunk_free(&auth);
	}
	if (!(omit & PEER_OMIT_SA)) {
		do
			random_bytes(&p->child_spi, sizeof(p->child_spi));
		while (ntohl(p->child_spi) < 0x100);
		add_esp_sa(ib, (const uint8_t *)&p->child_spi, 0);
	}
	if (!(omit & PEER_OMIT_TS))
		add_ts_pair(ib, 2, 1);
	ikev2_msg_add_notify_data(ib, IKEV2_N_TICKET_REQUEST, EMPTY_BYTES);
}

/* The position of an SKF fragment (RFC 7383), any numbers a test wants. */
struct frag_pos {
	uint16_t number, total;
};

/* plain sealed with our keys into p->msg: as one SK payload, or as the
 * SKF fragment frag when it is not NULL. */
static struct bytes seal(struct peer *p, struct ikev2_header hdr, uint8_t first, const struct frag_pos *frag,
			 struct bytes plain)
{
	struct wire_out out = wire_out_buf(p->msg, sizeof(p->msg));
	struct ikev2_builder b;
	struct bytes aad, msg;
	struct crypto_error err = { 0 };
	if (p->sk_out == NULL)
		return EMPTY_BYTES;
	ikev2_msg_start(&b, &out, &hdr);
	size_t body = sk_body_len(p->sk_out, plain.len);
	/* RFC 7383 §2.5: only fragment 1 names the first inner payload */
	bool laid_out = frag == NULL ? ikev2_msg_sk_layout(&b, first, body, &aad)
				     : ikev2_msg_skf_layout(&b, frag->number == 1 ? first : IKEV2_PL_NONE,
							    frag->number, frag->total, body, &aad);
	if (!laid_out || !sk_seal(p->sk_out, aad, plain, ++p->iv_counter, &out, &err) ||
	    !ikev2_msg_finish(&b, &msg))
		return EMPTY_BYTES;
	return msg;
}

struct bytes peer_seal(struct peer *p, uint8_t exchange, uint32_t msgid, uint8_t first, struct bytes plain)
{
	return seal(p, peer_header(p, exchange, msgid), first, NULL, plain);
}

struct bytes peer_seal_response(struct peer *p, uint8_t exchange, uint32_t msgid, uint8_t first,
				struct bytes plain)
{
	struct ikev2_header hdr = peer_header(p, exchange, msgid);
	hdr.flags |= IKEV2_FLAG_RESPONSE;
	return seal(p, hdr, first, NULL, plain);
}

struct bytes peer_seal_fragment(struct peer *p, uint8_t exchange, uint32_t msgid, uint8_t first,
				uint16_t number, uint16_t total, struct bytes content)
{
	return seal(p, peer_header(p, exchange, msgid), first, &(struct frag_pos){ number, total }, content);
}

struct bytes peer_seal_chain(struct peer *p, uint8_t exchange, uint32_t msgid, struct ikev2_builder *ib)
{
	struct bytes plain;
	if (!ikev2_msg_finish(ib, &plain))
		return EMPTY_BYTES;
	return peer_seal(p, exchange, msgid, ib->first, plain);
}

struct bytes peer_auth(struct peer *p, unsigned omit)
{
	struct ikev2_builder ib;
	struct wire_out plain;
	peer_auth_chain(p, &ib, &plain, omit);
	return peer_seal_chain(p, IKEV2_EXCH_IKE_AUTH, 1, &ib);
}

bool peer_open(struct peer *p, struct bytes msg, struct ikev2_digest *inner, struct chunk *plain)
{
	struct ikev2_message m;
	struct ikev2_error err = { 0 };
	struct crypto_error cerr = { 0 };
	struct bytes aad;
	*plain = (struct chunk){ 0 };
	if (p->sk_in == NULL || !ikev2_message_decode(msg, &m, &err))
		return false;
	const struct ikev2_payload *sk = ikev2_message_encrypted(&m);
	if (sk == NULL || !ikev2_message_aad(&m, &aad) || !sk_open(p->sk_in, aad, sk->body, plain, &cerr))
		return false;
	if (!ikev2_inner_decode(chunk_bytes(*plain), sk->next, inner, &err)) {
		chunk_free(plain);
		return false;
	}
	return true;
}

static bool keep_ticket(struct peer *p, const struct ikev2_digest *d)
{
	struct bytes data;
	struct ikev2_ticket_lt lt;
	struct ikev2_error err = { 0 };
	if (!peer_has_notify(d, IKEV2_N_TICKET_LT_OPAQUE, &data) || !ikev2_ticket_lt_decode(data, &lt, &err))
		return false;
	chunk_free(&p->ticket);
	secret_free(&p->ticket_sk_d);
	p->ticket = chunk_clone(lt.ticket);
	p->ticket_sk_d = secret_clone(secret_bytes(p->keys.sk_d));
	return true;
}

bool peer_auth_response(struct peer *p, struct bytes msg)
{
	static struct ikev2_digest inner;
	struct chunk plain;
	if (!peer_open(p, msg, &inner, &plain))
		return false;
	const struct ikev2_payload *idr = ikev2_digest_first(&inner, IKEV2_PL_IDr);
	const struct ikev2_payload *auth_pl = ikev2_digest_first(&inner, IKEV2_PL_AUTH);
	struct ikev2_auth a;
	struct ikev2_error err = { 0 };
	struct crypto_error cerr = { 0 };
	struct chunk maced = { 0 }, expect = { 0 };
	bool ok = idr != NULL && auth_pl != NULL && ikev2_auth_decode(auth_pl->body, &a, &err) &&
		  auth_maced_id(p->algs.prf, secret_bytes(p->keys.sk_pr), idr->body, &maced, &cerr);
	if (ok) {
		struct chunk octets = auth_signed_octets(chunk_bytes(p->first_r), chunk_bytes(p->ni),
							 chunk_bytes(maced));
		ok = (p->resumed ? auth_resume(p->algs.prf, secret_bytes(p->keys.sk_pr), chunk_bytes(octets),
					       &expect, &cerr)
				 : auth_psk(p->algs.prf, BYTES(HARNESS_PSK, strlen(HARNESS_PSK)),
					    chunk_bytes(octets), &expect, &cerr)) &&
		     auth_equal(chunk_bytes(expect), a.data);
		chunk_free(&octets);
	}
	if (ok)
		keep_ticket(p, &inner);
	chunk_free(&maced);
	chunk_free(&expect);
	wipe(plain.ptr, plain.len);
	chunk_free(&plain);
	if (ok)
		p->next_msgid = 2;
	return ok;
}

bool peer_read_sent(struct peer *p, struct bytes msg, struct peer_seen *s)
{
	memset(s, 0, sizeof(*s));
	struct ikev2_header hdr;
	struct ikev2_digest outer, inner;
	struct chunk plain;
	if (!peer_decode(msg, &hdr, &outer) || !peer_open(p, msg, &inner, &plain))
		return false;
	s->msgid = hdr.message_id;
	s->exchange = hdr.exchange;
	s->response = (hdr.flags & IKEV2_FLAG_RESPONSE) != 0;
	s->error = peer_first_error(&inner);
	struct ikev2_error err = { 0 };
	static struct ikev2_sa sa;
	const struct ikev2_payload *pl = ikev2_digest_first(&inner, IKEV2_PL_SA);
	if (pl != NULL && ikev2_sa_decode(pl->body, &sa, &err) && sa.proposals[0].spi_size == 4)
		memcpy(s->spi, sa.proposals[0].spi, 4);
	struct bytes n;
	pl = ikev2_digest_first(&inner, IKEV2_PL_NONCE);
	if (pl != NULL && ikev2_nonce_decode(pl->body, &n, &err) && n.len <= sizeof(s->nonce)) {
		memcpy(s->nonce, n.ptr, n.len);
		s->nonce_len = n.len;
	}
	struct ikev2_delete d;
	pl = ikev2_digest_first(&inner, IKEV2_PL_DELETE);
	if (pl != NULL && ikev2_delete_decode(pl->body, &d, &err) && d.spi_size == 4 && d.nspi > 0) {
		s->ndeleted = d.nspi;
		memcpy(s->deleted, d.spis.ptr, 4);
	}
	chunk_free(&plain);
	return true;
}

struct bytes peer_resume(struct peer *p, const struct bytes *ticket)
{
	struct wire_out out = wire_out_buf(p->msg, sizeof(p->msg));
	struct ikev2_header hdr = peer_header(p, IKEV2_EXCH_IKE_SESSION_RESUME, 0);
	struct ikev2_builder b;
	ikev2_msg_start(&b, &out, &hdr);
	if (p->cookie.len > 0)
		ikev2_msg_add_notify_data(&b, IKEV2_N_COOKIE, chunk_bytes(p->cookie));
	ikev2_msg_add_nonce(&b, chunk_bytes(p->ni));
	ikev2_msg_add_notify_data(&b, IKEV2_N_TICKET_OPAQUE,
				  ticket != NULL ? *ticket : chunk_bytes(p->ticket));
	add_natd(&b, p);
	if (p->fragmentation)
		ikev2_msg_add_notify_data(&b, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, EMPTY_BYTES);
	return peer_keep_first(p, &b);
}

bool peer_resume_response(struct peer *p, struct bytes msg)
{
	static struct ikev2_digest d;
	struct ikev2_header hdr;
	if (!peer_decode(msg, &hdr, &d) || hdr.spi_i != p->spi_i || hdr.spi_r == 0 ||
	    peer_first_error(&d) != 0 || peer_has_notify(&d, IKEV2_N_TICKET_NACK, NULL))
		return false;
	const struct ikev2_payload *nr_pl = ikev2_digest_first(&d, IKEV2_PL_NONCE);
	struct ikev2_error err = { 0 };
	struct bytes nr;
	if (nr_pl == NULL || !ikev2_nonce_decode(nr_pl->body, &nr, &err))
		return false;
	p->spi_r = hdr.spi_r;
	chunk_free(&p->nr);
	p->nr = chunk_clone(nr);
	chunk_free(&p->first_r);
	p->first_r = chunk_clone(msg);
	struct secret skeyseed = { 0 };
	struct crypto_error cerr = { 0 };
	bool ok = ikev2_skeyseed_resume(p->algs.prf, secret_bytes(p->ticket_sk_d), chunk_bytes(p->ni),
					chunk_bytes(p->nr), &skeyseed, &cerr) &&
		  install_keys(p, secret_bytes(skeyseed));
	secret_free(&skeyseed);
	p->resumed = true;
	p->next_msgid = 1;
	return ok;
}

bool peer_establish(struct peer *p)
{
	harness_clear_sent();
	harness_receive(peer_sa_init(p));
	if (harness_sent_count() != 1 || !peer_sa_init_response(p, harness_last_sent()))
		return false;
	harness_clear_sent();
	harness_receive(peer_auth(p, 0));
	return harness_sent_count() == 1 && peer_auth_response(p, harness_last_sent());
}

bool peer_establish_resumed(struct peer *p)
{
	struct ike_algs algs = p->algs;
	if (p->ticket.len == 0 || !peer_restart(p))
		return false;
	p->algs = algs;
	harness_clear_sent();
	harness_receive(peer_resume(p, NULL));
	if (harness_sent_count() != 1 || !peer_resume_response(p, harness_last_sent()))
		return false;
	harness_clear_sent();
	harness_receive(peer_auth(p, 0));
	return harness_sent_count() == 1 && peer_auth_response(p, harness_last_sent());
}
