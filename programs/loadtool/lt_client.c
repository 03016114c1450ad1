/*
 * The messages of one load-tool client (loadtool.h): what an initiator
 * sends in IKE_SA_INIT, IKE_SESSION_RESUME and IKE_AUTH, and the checks
 * of the answers, through libikev2's codec and crypto.  Written from
 * RFC 7296 §1.2/§2.15 and RFC 5723 §4.3; the wire details follow what the
 * responder (pluto) expects.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pk11pub.h>

#include "ikev2_auth.h"
#include "ikev2_builder.h"
#include "ikev2_dh.h"
#include "ikev2_message.h"
#include "ikev2_numbers.h"
#include "ikev2_random.h"
#include "ikev2_signature.h"
#include "ikev2_sk.h"
#include "loadtool.h"

#define NONCE_SIZE 32
#define MSG_MAX 4096
#define NATD_LEN 20

/* The one IKE proposal every client makes: AES-GCM-16-256, HMAC-SHA2-256. */
#define LT_ENCR IKEV2_ENCR_AES_GCM_16
#define LT_ENCR_BITS 256
#define LT_PRF IKEV2_PRF_HMAC_SHA2_256

static struct dh_keypair *shared_dh;	/* one key pair for all clients unless --fresh-dh */
/* A fresh SPI for each attempt (the responder still knows the last
 * one); the low half names the client. */
uint64_t lt_spi_for(unsigned index)
{
	uint32_t high = 0;
	while (high == 0)
		random_bytes(&high, sizeof(high));
	return (uint64_t)high << 32 | index;
}

bool lt_client_setup(void)
{
	struct crypto_error err = { 0 };
	if (dh_by_id(lt_opt.dh_group) == NULL) {
		fprintf(stderr, "loadtool: DH group %u not supported\n", lt_opt.dh_group);
		return false;
	}
	if (!lt_opt.fresh_dh && !dh_keypair_new(dh_by_id(lt_opt.dh_group), &shared_dh, &err)) {
		fprintf(stderr, "loadtool: DH key pair: %s\n", err.reason);
		return false;
	}
	return true;
}

void lt_client_shutdown(void)
{
	dh_keypair_free(&shared_dh);
}

static const struct dh_keypair *client_dh(const struct lt_client *c)
{
	return c->dh != NULL ? c->dh : shared_dh;
}

void lt_client_reset(struct lt_client *c)
{
	chunk_free(&c->ni);
	chunk_free(&c->nr);
	chunk_free(&c->cookie);
	chunk_free(&c->first_i);
	chunk_free(&c->first_r);
	chunk_free(&c->request);
	dh_keypair_free(&c->dh);
	ike_keys_free(&c->keys);
	sk_cipher_free(&c->sk_out);
	sk_cipher_free(&c->sk_in);
	c->spi_r = 0;
	c->state = LT_IDLE;
}

static void ticket_free(struct lt_ticket *t)
{
	chunk_free(&t->opaque);
	secret_free(&t->sk_d);
}

void lt_client_free(struct lt_client *c)
{
	lt_client_reset(c);
	ticket_free(&c->ticket);
}

static void fail(struct lt_client *c, const char *why)
{
	lt_finish(c, LT_FAILED, why);
}

/* ---- building ---------------------------------------------------------- */

static struct ikev2_header request_header(const struct lt_client *c, uint8_t exchange, uint32_t msgid)
{
	return (struct ikev2_header){
		.spi_i = c->spi_i,
		.spi_r = c->spi_r,
		.major = IKEV2_MAJOR_VERSION,
		.exchange = exchange,
		.flags = IKEV2_FLAG_INITIATOR,
		.message_id = msgid,
	};
}

/* SHA-1(SPIi | SPIr | IP | port), RFC 7296 §2.23. */
static void natd_hash(const struct lt_client *c, struct in_addr addr, uint16_t port, uint8_t out[NATD_LEN])
{
	uint8_t buf[8 + 8 + 4 + 2];
	struct wire_out w = wire_out_buf(buf, sizeof(buf));
	wire_put_u64(&w, c->spi_i);
	wire_put_u64(&w, c->spi_r);
	wire_put_bytes(&w, BYTES(&addr.s_addr, 4));
	wire_put_u16(&w, port);
	if (PK11_HashBuf(SEC_OID_SHA1, out, buf, (PRInt32)w.len) != SECSuccess)
		memset(out, 0, NATD_LEN);
}

static void add_natd(struct ikev2_builder *b, const struct lt_client *c)
{
	uint8_t h[NATD_LEN];
	natd_hash(c, c->source, lt_opt.local_port, h);
	ikev2_msg_add_notify_data(b, IKEV2_N_NAT_DETECTION_SOURCE_IP, BYTES(h, NATD_LEN));
	natd_hash(c, lt_opt.gateway, lt_opt.gateway_port, h);
	ikev2_msg_add_notify_data(b, IKEV2_N_NAT_DETECTION_DESTINATION_IP, BYTES(h, NATD_LEN));
}

static bool keep_request(struct lt_client *c, struct ikev2_builder *b)
{
	struct bytes msg;
	if (!ikev2_msg_finish(b, &msg))
		return false;
	chunk_free(&c->request);
	c->request = chunk_clone(msg);
	return true;
}

static bool build_sa_init(struct lt_client *c)
{
	static uint8_t buf[MSG_MAX];
	static struct ikev2_sa sa;
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_header hdr = request_header(c, IKEV2_EXCH_IKE_SA_INIT, 0);
	struct ikev2_builder b;
	memset(&sa, 0, sizeof(sa));
	ikev2_sa_add_proposal(&sa, IKEV2_PROTO_IKE, EMPTY_BYTES);
	ikev2_sa_add_transform(&sa, IKEV2_TRANS_ENCR, LT_ENCR, LT_ENCR_BITS);
	ikev2_sa_add_transform(&sa, IKEV2_TRANS_PRF, LT_PRF, 0);
	ikev2_sa_add_transform(&sa, IKEV2_TRANS_DH, lt_opt.dh_group, 0);
	struct ikev2_ke ke = { .group = lt_opt.dh_group, .data = dh_keypair_public(client_dh(c)) };
	ikev2_msg_start(&b, &out, &hdr);
	if (c->cookie.len > 0)	/* RFC 7296 §2.6: first */
		ikev2_msg_add_notify_data(&b, IKEV2_N_COOKIE, chunk_bytes(c->cookie));
	ikev2_msg_add_sa(&b, &sa);
	ikev2_msg_add_ke(&b, &ke);
	ikev2_msg_add_nonce(&b, chunk_bytes(c->ni));
	add_natd(&b, c);
	if (lt_cert_enabled())	/* RFC 7427 §4: we will sign */
		ikev2_msg_add_notify_data(&b, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, ikev2_sig_hashes_ours());
	if (!keep_request(c, &b))
		return false;
	chunk_free(&c->first_i);
	c->first_i = chunk_clone(chunk_bytes(c->request));
	c->state = LT_SA_INIT;
	return true;
}

/* RFC 5723 §4.3.1: HDR, [N(COOKIE),] Ni, N(TICKET_OPAQUE). */
static bool build_resume(struct lt_client *c)
{
	static uint8_t buf[MSG_MAX];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_header hdr = request_header(c, IKEV2_EXCH_IKE_SESSION_RESUME, 0);
	struct ikev2_builder b;
	ikev2_msg_start(&b, &out, &hdr);
	if (c->cookie.len > 0)
		ikev2_msg_add_notify_data(&b, IKEV2_N_COOKIE, chunk_bytes(c->cookie));
	ikev2_msg_add_nonce(&b, chunk_bytes(c->ni));
	ikev2_msg_add_notify_data(&b, IKEV2_N_TICKET_OPAQUE, chunk_bytes(c->ticket.opaque));
	add_natd(&b, c);
	if (!keep_request(c, &b))
		return false;
	chunk_free(&c->first_i);
	c->first_i = chunk_clone(chunk_bytes(c->request));
	c->state = LT_RESUME;
	return true;
}

/* Our identity as an ID payload body: ID_FQDN "<prefix>-<index>", or with
 * --cert the subject of the client's certificate (ID_DER_ASN1_DN). */
static size_t id_body(const struct lt_client *c, uint8_t *buf, size_t len)
{
	char name[128];
	int n = snprintf(name, sizeof(name), "%s-%u", lt_opt.id_prefix, c->index);
	struct wire_out out = wire_out_buf(buf, len);
	struct ikev2_id id = { .type = IKEV2_ID_FQDN, .data = BYTES(name, (size_t)n) };
	if (lt_cert_enabled())
		id = (struct ikev2_id){ .type = IKEV2_ID_DER_ASN1_DN, .data = lt_cert_subject(c->index) };
	ikev2_id_encode(&out, &id);
	return out.overflow ? 0 : out.len;
}

static void ts_host(struct ikev2_ts_list *tsl, struct in_addr a)
{
	memset(tsl, 0, sizeof(*tsl));
	tsl->count = 1;
	tsl->ts[0].type = IKEV2_TS_IPV4_ADDR_RANGE;
	tsl->ts[0].end_port = 65535;
	memcpy(tsl->ts[0].start, &a.s_addr, 4);
	memcpy(tsl->ts[0].end, &a.s_addr, 4);
}

/* A resumed IKE SA authenticates with SK_px, whatever the first one used. */
static bool resumed(const struct lt_client *c)
{
	return c->resuming && !c->fell_back;
}

/* Signed octets of one side: its first message | the other's nonce |
 * prf(SK_px, its ID body) (RFC 7296 §2.15). */
static bool auth_octets(const struct lt_client *c, bool initiator, struct bytes id, struct chunk *octets)
{
	struct bytes sk_p = secret_bytes(initiator ? c->keys.sk_pi : c->keys.sk_pr);
	struct crypto_error err = { 0 };
	struct chunk maced = { 0 };
	if (!auth_maced_id(c->algs.prf, sk_p, id, &maced, &err))
		return false;
	*octets = auth_signed_octets(chunk_bytes(initiator ? c->first_i : c->first_r),
				     chunk_bytes(initiator ? c->nr : c->ni), chunk_bytes(maced));
	chunk_free(&maced);
	return true;
}

/* AUTH of one side: PSK or, after a resume, SK_px keyed (RFC 5723
 * §4.3.3); our own with --cert a signature (RFC 7427). */
static bool compute_auth(const struct lt_client *c, bool initiator, struct bytes id, struct chunk *auth)
{
	const struct prf_desc *prf = c->algs.prf;
	struct bytes sk_p = secret_bytes(initiator ? c->keys.sk_pi : c->keys.sk_pr);
	struct crypto_error err = { 0 };
	struct chunk octets = { 0 };
	if (!auth_octets(c, initiator, id, &octets))
		return false;
	bool ok = resumed(c) ? auth_resume(prf, sk_p, chunk_bytes(octets), auth, &err)
		: initiator && lt_cert_enabled() ? lt_cert_sign(c->index, chunk_bytes(octets), c->peer_sig_hashes, auth)
		: auth_psk(prf, secret_bytes(lt_opt.psk), chunk_bytes(octets), auth, &err);
	chunk_free(&octets);
	return ok;
}

/* The responder's AUTH: a MAC we recompute, or with --cert its signature. */
static bool verify_auth(const struct lt_client *c, const struct ikev2_digest *inner, struct bytes idr,
			const struct ikev2_auth *a)
{
	struct chunk expect = { 0 }, octets = { 0 };
	bool ok;
	if (!resumed(c) && lt_cert_enabled()) {
		ok = a->method == IKEV2_AUTH_DIGITAL_SIGNATURE && auth_octets(c, false, idr, &octets) &&
		     lt_cert_verify_peer(inner, a->data, chunk_bytes(octets));
	} else {
		ok = a->method == IKEV2_AUTH_PSK && compute_auth(c, false, idr, &expect) &&
		     auth_equal(chunk_bytes(expect), a->data);
	}
	chunk_free(&octets);
	chunk_free(&expect);
	return ok;
}

static bool build_auth(struct lt_client *c)
{
	static uint8_t inner_buf[MSG_MAX], buf[MSG_MAX];
	static struct ikev2_sa esp;
	uint8_t idb[256];
	size_t idlen = id_body(c, idb, sizeof(idb));
	struct chunk auth = { 0 };
	if (idlen == 0 || !compute_auth(c, true, BYTES(idb, idlen), &auth))
		return false;
	struct wire_out in = wire_out_buf(inner_buf, sizeof(inner_buf));
	struct ikev2_builder ib;
	ikev2_chain_start(&ib, &in);
	ikev2_msg_add_raw(&ib, IKEV2_PL_IDi, false, BYTES(idb, idlen));
	struct ikev2_auth a = { .method = IKEV2_AUTH_PSK, .data = chunk_bytes(auth) };
	if (!resumed(c) && lt_cert_enabled()) {
		struct ikev2_cert cert = { .encoding = IKEV2_CERT_X509_SIGNATURE, .data = lt_cert_der(c->index) };
		ikev2_msg_add_cert(&ib, &cert);
		a.method = IKEV2_AUTH_DIGITAL_SIGNATURE;
	}
	ikev2_msg_add_auth(&ib, &a);
	if (!resumed(c))
		ikev2_msg_add_notify_data(&ib, IKEV2_N_INITIAL_CONTACT, EMPTY_BYTES);
	uint32_t child_spi;
	do
		random_bytes(&child_spi, sizeof(child_spi));
	while (ntohl(child_spi) < 0x100);
	memset(&esp, 0, sizeof(esp));
	ikev2_sa_add_proposal(&esp, IKEV2_PROTO_ESP, BYTES(&child_spi, 4));
	ikev2_sa_add_transform(&esp, IKEV2_TRANS_ENCR, IKEV2_ENCR_AES_GCM_16, 256);
	ikev2_sa_add_transform(&esp, IKEV2_TRANS_ESN, IKEV2_ESN_NO, 0);
	ikev2_msg_add_sa(&ib, &esp);
	struct ikev2_ts_list tsi, tsr;
	ts_host(&tsi, c->source);
	ts_host(&tsr, lt_opt.gateway);
	ikev2_msg_add_ts(&ib, IKEV2_PL_TSi, &tsi);
	ikev2_msg_add_ts(&ib, IKEV2_PL_TSr, &tsr);
	ikev2_msg_add_notify_data(&ib, IKEV2_N_TICKET_REQUEST, EMPTY_BYTES);
	chunk_free(&auth);
	struct bytes plain;
	if (!ikev2_msg_finish(&ib, &plain))
		return false;

	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_header hdr = request_header(c, IKEV2_EXCH_IKE_AUTH, 1);
	struct ikev2_builder b;
	struct bytes aad, msg;
	struct crypto_error err = { 0 };
	ikev2_msg_start(&b, &out, &hdr);
	bool ok = ikev2_msg_sk_layout(&b, ib.first, sk_body_len(c->sk_out, plain.len), &aad) &&
		  sk_seal(c->sk_out, aad, plain, 1, &out, &err) && ikev2_msg_finish(&b, &msg);
	wipe(inner_buf, plain.len);
	if (!ok)
		return false;
	chunk_free(&c->request);
	c->request = chunk_clone(msg);
	c->state = LT_AUTH;
	return true;
}

/* ---- starting ---------------------------------------------------------- */

bool lt_client_begin(struct lt_client *c, bool resume)
{
	struct crypto_error err = { 0 };
	lt_client_reset(c);
	c->spi_i = lt_spi_for(c->index);
	c->resuming = resume && c->ticket.opaque.len > 0;
	c->fell_back = c->nacked = c->child_ok = false;
	c->peer_sig_hashes = 0;
	c->outcome = LT_PENDING;
	c->ni = chunk_alloc(NONCE_SIZE);
	if (!random_bytes(c->ni.ptr, c->ni.len))
		return false;
	if (c->resuming) {
		c->algs = c->ticket.algs;
		return build_resume(c);
	}
	if (lt_opt.fresh_dh && !dh_keypair_new(dh_by_id(lt_opt.dh_group), &c->dh, &err))
		return false;
	return build_sa_init(c);
}

bool lt_client_fallback(struct lt_client *c)
{
	bool nacked = c->nacked;
	ticket_free(&c->ticket);	/* refused or unanswered: never presented again */
	lt_client_begin(c, false);
	c->nacked = nacked;
	c->resuming = true;	/* the attempt still counts as a resume ... */
	c->fell_back = true;	/* ... that fell back */
	return c->state == LT_SA_INIT;
}

/* ---- answers ----------------------------------------------------------- */

static bool notify_find(const struct ikev2_digest *d, uint16_t type, struct ikev2_notify *n)
{
	for (const struct ikev2_payload *p = ikev2_digest_first(d, IKEV2_PL_NOTIFY); p != NULL;
	     p = ikev2_digest_next(d, p, IKEV2_PL_NOTIFY)) {
		struct ikev2_error err = { 0 };
		if (ikev2_notify_decode(p->body, n, &err) && n->type == type)
			return true;
	}
	return false;
}

static uint16_t error_notify(const struct ikev2_digest *d)
{
	for (const struct ikev2_payload *p = ikev2_digest_first(d, IKEV2_PL_NOTIFY); p != NULL;
	     p = ikev2_digest_next(d, p, IKEV2_PL_NOTIFY)) {
		struct ikev2_notify n;
		struct ikev2_error err = { 0 };
		if (ikev2_notify_decode(p->body, &n, &err) && ikev2_notify_is_error(n.type))
			return n.type;
	}
	return 0;
}

/* A COOKIE demand: remember it and send the first request again. */
static bool cookie_demanded(struct lt_client *c, const struct ikev2_digest *d)
{
	struct ikev2_notify n;
	if (!notify_find(d, IKEV2_N_COOKIE, &n) || n.data.len == 0)
		return false;
	chunk_free(&c->cookie);
	c->cookie = chunk_clone(n.data);
	if (c->state == LT_RESUME ? build_resume(c) : build_sa_init(c))
		lt_send_request(c);
	else
		fail(c, "cannot rebuild the request with a cookie");
	return true;
}

static bool install_keys(struct lt_client *c, struct bytes skeyseed)
{
	struct crypto_error err = { 0 };
	uint8_t spi_i[8], spi_r[8];
	struct wire_out w = wire_out_buf(spi_i, 8);
	wire_put_u64(&w, c->spi_i);
	w = wire_out_buf(spi_r, 8);
	wire_put_u64(&w, c->spi_r);
	if (!ike_keys_derive(&c->algs, skeyseed, chunk_bytes(c->ni), chunk_bytes(c->nr), BYTES(spi_i, 8),
			     BYTES(spi_r, 8), &c->keys, &err))
		return false;
	c->sk_out = sk_cipher_new(c->algs.encr, c->algs.integ, secret_bytes(c->keys.sk_ei),
				  secret_bytes(c->keys.sk_ai), &err);
	c->sk_in = sk_cipher_new(c->algs.encr, c->algs.integ, secret_bytes(c->keys.sk_er),
				 secret_bytes(c->keys.sk_ar), &err);
	return c->sk_out != NULL && c->sk_in != NULL;
}

/* The responder must have chosen exactly our one proposal. */
static bool chosen_ok(struct bytes body, struct ike_algs *algs)
{
	static struct ikev2_sa sa;
	struct ikev2_error err = { 0 };
	if (!ikev2_sa_decode(body, &sa, &err) || sa.nproposals != 1)
		return false;
	const struct ikev2_proposal *p = &sa.proposals[0];
	*algs = (struct ike_algs){ .integ = integ_by_id(IKEV2_INTEG_NONE) };
	for (unsigned i = 0; i < p->ntransforms; i++) {
		const struct ikev2_transform *t = ikev2_proposal_transform(&sa, p, i);
		if (t->type == IKEV2_TRANS_ENCR && t->id == LT_ENCR && t->key_length == LT_ENCR_BITS) {
			algs->encr = encr_by_id(t->id);
			algs->encr_key_bits = t->key_length;
		} else if (t->type == IKEV2_TRANS_PRF && t->id == LT_PRF) {
			algs->prf = prf_by_id(t->id);
		} else if (t->type == IKEV2_TRANS_DH && t->id == lt_opt.dh_group) {
			algs->dh = dh_by_id(t->id);
		} else {
			return false;
		}
	}
	return algs->encr != NULL && algs->prf != NULL && algs->dh != NULL && algs->integ != NULL;
}

static void sa_init_response(struct lt_client *c, const struct ikev2_message *m)
{
	const struct ikev2_digest *d = &m->outer;
	if (cookie_demanded(c, d))
		return;
	uint16_t error = error_notify(d);
	if (error != 0) {
		fail(c, ikev2_notify_name(error));
		return;
	}
	const struct ikev2_payload *sa_pl = ikev2_digest_first(d, IKEV2_PL_SA);
	const struct ikev2_payload *ke_pl = ikev2_digest_first(d, IKEV2_PL_KE);
	const struct ikev2_payload *nr_pl = ikev2_digest_first(d, IKEV2_PL_NONCE);
	struct ikev2_error err = { 0 };
	struct ikev2_ke ke;
	struct bytes nr;
	if (sa_pl == NULL || ke_pl == NULL || nr_pl == NULL || m->hdr.spi_r == 0 ||
	    !ikev2_ke_decode(ke_pl->body, &ke, &err) || !ikev2_nonce_decode(nr_pl->body, &nr, &err) ||
	    !chosen_ok(sa_pl->body, &c->algs) || ke.group != lt_opt.dh_group) {
		fail(c, "malformed IKE_SA_INIT response");
		return;
	}
	c->spi_r = m->hdr.spi_r;
	c->nr = chunk_clone(nr);
	c->first_r = chunk_clone(m->raw);
	struct ikev2_notify hashes;
	c->peer_sig_hashes = notify_find(d, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, &hashes)
		? ikev2_sig_hashes_decode(hashes.data) : 0;
	struct secret g_ir = { 0 }, skeyseed = { 0 };
	struct crypto_error cerr = { 0 };
	bool ok = dh_shared_secret(client_dh(c), ke.data, &g_ir, &cerr) &&
		  ikev2_skeyseed(c->algs.prf, chunk_bytes(c->ni), chunk_bytes(c->nr), secret_bytes(g_ir),
				 &skeyseed, &cerr) &&
		  install_keys(c, secret_bytes(skeyseed));
	secret_free(&g_ir);
	secret_free(&skeyseed);
	dh_keypair_free(&c->dh);
	if (!ok || !build_auth(c)) {
		fail(c, "IKE_SA_INIT: key derivation failed");
		return;
	}
	lt_send_request(c);
}

static void resume_response(struct lt_client *c, const struct ikev2_message *m)
{
	const struct ikev2_digest *d = &m->outer;
	if (cookie_demanded(c, d))
		return;
	struct ikev2_notify n;
	const struct ikev2_payload *nr_pl = ikev2_digest_first(d, IKEV2_PL_NONCE);
	struct ikev2_error err = { 0 };
	struct bytes nr;
	if (notify_find(d, IKEV2_N_TICKET_NACK, &n) || error_notify(d) != 0 || nr_pl == NULL ||
	    m->hdr.spi_r == 0 || !ikev2_nonce_decode(nr_pl->body, &nr, &err)) {
		c->nacked = true;
		if (lt_client_fallback(c))
			lt_send_request(c);
		else
			fail(c, "fall-back IKE_SA_INIT cannot be built");
		return;
	}
	c->spi_r = m->hdr.spi_r;
	c->nr = chunk_clone(nr);
	c->first_r = chunk_clone(m->raw);
	struct secret skeyseed = { 0 };
	struct crypto_error cerr = { 0 };
	bool ok = ikev2_skeyseed_resume(c->algs.prf, secret_bytes(c->ticket.sk_d), chunk_bytes(c->ni),
					chunk_bytes(c->nr), &skeyseed, &cerr) &&
		  install_keys(c, secret_bytes(skeyseed));
	secret_free(&skeyseed);
	if (!ok || !build_auth(c)) {
		fail(c, "IKE_SESSION_RESUME: key derivation failed");
		return;
	}
	lt_send_request(c);
}

static bool keep_ticket(struct lt_client *c, const struct ikev2_digest *d)
{
	struct ikev2_notify n;
	struct ikev2_ticket_lt lt;
	struct ikev2_error err = { 0 };
	if (!notify_find(d, IKEV2_N_TICKET_LT_OPAQUE, &n) || !ikev2_ticket_lt_decode(n.data, &lt, &err))
		return false;
	ticket_free(&c->ticket);
	c->ticket.opaque = chunk_clone(lt.ticket);
	c->ticket.sk_d = secret_clone(secret_bytes(c->keys.sk_d));
	c->ticket.algs = c->algs;
	c->ticket.algs.dh = NULL;
	return true;
}

static void auth_response(struct lt_client *c, const struct ikev2_message *m)
{
	const struct ikev2_payload *sk = ikev2_message_encrypted(m);
	struct bytes aad;
	struct chunk plain = { 0 };
	struct crypto_error cerr = { 0 };
	struct ikev2_error err = { 0 };
	static struct ikev2_digest inner;
	if (sk == NULL || !ikev2_message_aad(m, &aad) || !sk_open(c->sk_in, aad, sk->body, &plain, &cerr))
		return;	/* not from our peer: wait for the real answer */
	if (!ikev2_inner_decode(chunk_bytes(plain), sk->next, &inner, &err)) {
		fail(c, "malformed IKE_AUTH response");
		goto out;
	}
	const struct ikev2_payload *idr_pl = ikev2_digest_first(&inner, IKEV2_PL_IDr);
	const struct ikev2_payload *auth_pl = ikev2_digest_first(&inner, IKEV2_PL_AUTH);
	uint16_t error = error_notify(&inner);
	struct ikev2_auth a;
	if (auth_pl == NULL || idr_pl == NULL) {
		fail(c, error != 0 ? ikev2_notify_name(error) : "IKE_AUTH response without IDr or AUTH");
		goto out;
	}
	if (!ikev2_auth_decode(auth_pl->body, &a, &err) || !verify_auth(c, &inner, idr_pl->body, &a)) {
		fail(c, "responder's AUTH does not verify");
		goto out;
	}
	c->child_ok = ikev2_digest_first(&inner, IKEV2_PL_SA) != NULL && error == 0;
	bool got_ticket = keep_ticket(c, &inner);
	if (!got_ticket)
		ticket_free(&c->ticket);	/* the one we presented is used up */
	lt_finish(c, c->fell_back ? LT_FALLBACK_OK : LT_OK, NULL);
out:
	wipe(plain.ptr, plain.len);
	chunk_free(&plain);
}

void lt_client_response(struct lt_client *c, struct bytes msg)
{
	struct ikev2_message m;
	struct ikev2_error err = { 0 };
	if (!ikev2_message_decode(msg, &m, &err) || !ikev2_header_is_response(&m.hdr) ||
	    ikev2_header_is_initiator(&m.hdr) || m.hdr.spi_i != c->spi_i)
		return;
	switch (c->state) {
	case LT_SA_INIT:
		if (m.hdr.exchange == IKEV2_EXCH_IKE_SA_INIT && m.hdr.message_id == 0)
			sa_init_response(c, &m);
		break;
	case LT_RESUME:
		if (m.hdr.exchange == IKEV2_EXCH_IKE_SESSION_RESUME && m.hdr.message_id == 0)
			resume_response(c, &m);
		break;
	case LT_AUTH:
		if (m.hdr.exchange == IKEV2_EXCH_IKE_AUTH && m.hdr.message_id == 1 && m.hdr.spi_r == c->spi_r)
			auth_response(c, &m);
		break;
	case LT_IDLE:
		break;
	}
}
