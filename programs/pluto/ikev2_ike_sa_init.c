/*
 * IKE_SA_INIT (RFC 7296 §1.2): SA, KE and nonces, NAT detection, cookies
 * and the INVALID_KE_PAYLOAD retry; at the end both sides hold SKEYSEED's
 * seven keys.
 */
#include <string.h>

#include "connections.h"
#include "cookie.h"
#include "ikev2_cert.h"
#include "ikev2_dh.h"
#include "ikev2_exchanges.h"
#include "ikev2_keys.h"
#include "ikev2_msg.h"
#include "ikev2_fragment.h"
#include "ikev2_natd.h"
#include "ikev2_numbers.h"
#include "ikev2_random.h"
#include "ike_sa_life.h"
#include "ikev2_sk.h"
#include "log.h"
#include "pluto.h"
#include "state.h"

#define NONCE_SIZE 32

/* A crypto failure's reason; never NULL (an unset one would crash a log). */
static const char *crypto_reason(const struct crypto_error *err)
{
	return err->reason != NULL ? err->reason : "unknown crypto failure";
}

static const char *peer_of_ike(const struct ike_sa *ike)
{
	static char buf[ENDPOINT_STR_LEN];
	return endpoint_str(&ike->remote, buf, sizeof(buf));
}

/* Initiator: the two messages bracket the keys both sides derive. */
bool ikev2_derive_ike_keys(struct ike_sa *ike, struct bytes g_ir)
{
	struct crypto_error err = { 0 };
	struct secret skeyseed = { 0 };
	uint8_t spi_i[IKE_SPI_SIZE], spi_r[IKE_SPI_SIZE];
	memcpy(spi_i, ike->spi_i.bytes, IKE_SPI_SIZE);
	memcpy(spi_r, ike->spi_r.bytes, IKE_SPI_SIZE);
	bool ok = ikev2_skeyseed(ike->algs.prf, chunk_bytes(ike->ni), chunk_bytes(ike->nr), g_ir,
				 &skeyseed, &err) &&
		  ikev2_install_keys(ike, secret_bytes(skeyseed), &err);
	secret_free(&skeyseed);
	if (!ok)
		log_error("\"%s\" #%u: key derivation failed: %s", ike->conn->name, ike->serialno,
			  crypto_reason(&err));
	return ok;
}

bool ikev2_install_keys(struct ike_sa *ike, struct bytes skeyseed, struct crypto_error *err)
{
	ike_keys_free(&ike->keys);
	sk_cipher_free(&ike->sk_out);
	sk_cipher_free(&ike->sk_in);
	if (!ike_keys_derive(&ike->algs, skeyseed, chunk_bytes(ike->ni), chunk_bytes(ike->nr),
			     BYTES(ike->spi_i.bytes, IKE_SPI_SIZE), BYTES(ike->spi_r.bytes, IKE_SPI_SIZE),
			     &ike->keys, err))
		return false;
	bool init = ike->original_initiator;
	const struct secret *e_out = init ? &ike->keys.sk_ei : &ike->keys.sk_er;
	const struct secret *a_out = init ? &ike->keys.sk_ai : &ike->keys.sk_ar;
	const struct secret *e_in = init ? &ike->keys.sk_er : &ike->keys.sk_ei;
	const struct secret *a_in = init ? &ike->keys.sk_ar : &ike->keys.sk_ai;
	ike->sk_out = sk_cipher_new(ike->algs.encr, ike->algs.integ, secret_bytes(*e_out),
				    secret_bytes(*a_out), err);
	if (ike->sk_out == NULL)
		return false;
	ike->sk_in = sk_cipher_new(ike->algs.encr, ike->algs.integ, secret_bytes(*e_in),
				   secret_bytes(*a_in), err);
	return ike->sk_in != NULL;
}

static bool new_nonce(struct chunk *nonce)
{
	*nonce = chunk_alloc(NONCE_SIZE);
	return random_bytes(nonce->ptr, nonce->len);
}

static bool make_dh(struct ike_sa *ike, uint16_t group)
{
	struct crypto_error err = { 0 };
	dh_keypair_free(&ike->dh);
	if (!dh_keypair_new(dh_by_id(group), &ike->dh, &err)) {
		log_error("\"%s\": cannot make a DH%u key pair: %s", ike->conn->name, group, crypto_reason(&err));
		return false;
	}
	return true;
}

/* The first request: also re-sent with a COOKIE or another DH group. */
static bool send_sa_init_request(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	uint16_t group = ike->retry_dh != 0 ? ike->retry_dh : proposals_first_dh(&c->ike);
	if (!make_dh(ike, group))
		return false;
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_IKE_SA_INIT, false, 0, false);
	if (ike->cookie.len > 0)	/* RFC 7296 §2.6: the cookie comes first */
		mb_notify(&mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_COOKIE, chunk_bytes(ike->cookie));
	static struct ikev2_sa sa;
	proposals_to_sa(&c->ike, true, EMPTY_BYTES, &sa);
	mb_sa(&mb, &sa);
	mb_ke(&mb, dh_keypair_group(ike->dh)->id, dh_keypair_public(ike->dh));
	mb_nonce(&mb, chunk_bytes(ike->ni));
	ikev2_emit_natd(&mb, ike);
	cert_emit_sig_hashes(&mb, c);
	ikev2_frag_emit_supported(&mb, ike);
	return ikev2_send_first_request(ike, &mb);
}

bool ikev2_initiate(struct connection *c)
{
	if (!address_is_set(&c->remote.host)) {
		conn_log(c, "cannot initiate: right=%%any");
		return false;
	}
	struct ike_sa *ike = ike_sa_new(c, true);
	if (ike == NULL)
		return false;	/* logged */
	ike->remote = (ip_endpoint){ .addr = c->remote.host, .port = pluto_options.ikeport };
	ike->local = (ip_endpoint){ .addr = c->local.host, .port = pluto_options.ikeport };
	c->newest_ike = ike;
	if (!new_nonce(&ike->ni)) {
		conn_log(c, "#%u: cannot make a nonce (random number generator failed)", ike->serialno);
		ike_sa_drop(ike);
		return false;
	}
	if (!send_sa_init_request(ike)) {
		ike_sa_drop(ike);
		return false;
	}
	ike_sa_set_state(ike, IKE_SA_INIT_I);
	conn_log(c, "#%u: initiating IKEv2 connection (IKE_SA_INIT)", ike->serialno);
	return true;
}

/* Responder: parse and choose; any refusal creates no state.  Only
 * refusals RFC 7296 lets us send unprotected are answered (NO_PROPOSAL_CHOSEN,
 * INVALID_KE_PAYLOAD); INVALID_SYNTAX may only travel protected (§3.10.1),
 * so a malformed request is dropped with a log line. */
static const char *peer_of(const struct msg_digest *md)
{
	static char buf[ENDPOINT_STR_LEN];
	return endpoint_str(&md->remote, buf, sizeof(buf));
}

static bool refuse(const struct msg_digest *md, const struct ikev2_error *err)
{
	log_info("IKE_SA_INIT from %s: %s", peer_of(md), err->reason);
	if (ikev2_error_action(err, false) == IKEV2_ERROR_NOTIFY)
		ikev2_send_stateless_notify(md, err->notify, BYTES(err->data, err->data_len));
	return false;
}

/* RFC 7296 §3.3.1: in IKE_SA_INIT every IKE proposal has an empty SPI. */
static bool spis_empty(const struct ikev2_sa *sa, struct ikev2_error *err)
{
	for (unsigned i = 0; i < sa->nproposals; i++)
		if (sa->proposals[i].spi_size != 0)
			return ikev2_notify_error(err, IKEV2_N_NO_PROPOSAL_CHOSEN,
						  "proposal #%u has a %u-octet SPI (must be empty in IKE_SA_INIT)",
						  sa->proposals[i].number, sa->proposals[i].spi_size);
	return true;
}

static bool choose(const struct msg_digest *md, struct connection *c, struct ike_algs *algs,
		   struct ikev2_sa *chosen, struct ikev2_ke *ke, struct bytes *ni)
{
	const struct ikev2_payload *sa_pl = md_first(md, IKEV2_PL_SA);
	const struct ikev2_payload *ke_pl = md_first(md, IKEV2_PL_KE);
	const struct ikev2_payload *ni_pl = md_first(md, IKEV2_PL_NONCE);
	struct ikev2_error err = { 0 };
	static struct ikev2_sa peer;
	if (sa_pl == NULL || ke_pl == NULL || ni_pl == NULL ||
	    md_count(md, IKEV2_PL_SA) != 1 || md_count(md, IKEV2_PL_KE) != 1 ||
	    md_count(md, IKEV2_PL_NONCE) != 1) {
		ikev2_syntax_error(&err, "lacks or repeats SA, KE or Ni (%u, %u, %u)", md_count(md, IKEV2_PL_SA),
				   md_count(md, IKEV2_PL_KE), md_count(md, IKEV2_PL_NONCE));
		return refuse(md, &err);
	}
	if (!ikev2_sa_decode(sa_pl->body, &peer, &err) || !ikev2_ke_decode(ke_pl->body, ke, &err) ||
	    !ikev2_nonce_decode(ni_pl->body, ni, &err) || !spis_empty(&peer, &err))
		return refuse(md, &err);
	if (!proposals_select_ike(&peer, &c->ike, ke->group, algs, chosen)) {
		ikev2_notify_error(&err, IKEV2_N_NO_PROPOSAL_CHOSEN,
				   "\"%s\": no acceptable proposal (ours: see ike=)", c->name);
		return refuse(md, &err);
	}
	if (algs->dh->id != ke->group) {
		ikev2_notify_error(&err, IKEV2_N_INVALID_KE_PAYLOAD, "\"%s\": KE for group %u, want %s",
				   c->name, ke->group, algs->dh->name);
		uint8_t want[2] = { (uint8_t)(algs->dh->id >> 8), (uint8_t)algs->dh->id };
		log_info("IKE_SA_INIT from %s: %s", peer_of(md), err.reason);
		ikev2_send_stateless_notify(md, IKEV2_N_INVALID_KE_PAYLOAD, BYTES(want, 2));
		return false;
	}
	struct crypto_error cerr = { 0 };
	if (!dh_check_peer(algs->dh, ke->data, &cerr)) {
		ikev2_syntax_error(&err, "\"%s\": bad KE value: %s", c->name, crypto_reason(&cerr));
		return refuse(md, &err);
	}
	return true;
}

/* Our nonce, key pair, g^ir and SKEYSEED's keys; false (logged) when
 * the RNG, NSS or the peer's public value fails. */
static bool responder_keys(struct ike_sa *ike, const struct ikev2_ke *ke)
{
	struct secret g_ir = { 0 };
	struct crypto_error cerr = { 0 };
	const char *what = NULL;
	if (!new_nonce(&ike->nr))
		what = "cannot make a nonce (random number generator failed)";
	else if (!make_dh(ike, ike->algs.dh->id))
		what = "cannot make our DH key pair";
	else if (!dh_shared_secret(ike->dh, ke->data, &g_ir, &cerr))
		what = cerr.status == CRYPTO_BAD_PUBLIC_VALUE ? "bad KE value (no shared secret)"
							      : crypto_reason(&cerr);
	else if (!ikev2_derive_ike_keys(ike, secret_bytes(g_ir)))
		what = "key derivation failed";
	secret_free(&g_ir);
	if (what != NULL)	/* the peer's fault is not an error of ours */
		log_line(cerr.status == CRYPTO_BAD_PUBLIC_VALUE ? LOG_LEVEL_INFO : LOG_LEVEL_ERROR,
			 "\"%s\" #%u: IKE_SA_INIT from %s: %s%s%s; no answer, no state", ike->conn->name,
			 ike->serialno, peer_of_ike(ike), what, cerr.status == CRYPTO_BAD_PUBLIC_VALUE ? ": " : "",
			 cerr.status == CRYPTO_BAD_PUBLIC_VALUE ? crypto_reason(&cerr) : "");
	return what == NULL;
}

enum handler_result ikev2_sa_init_request(struct ike_sa *unused, struct msg_digest *md)
{
	if (!cookie_check_or_demand(md))
		return HANDLER_IGNORE;
	struct connection *c = conn_find_for_init(&md->local, &md->remote);
	if (c == NULL) {
		log_info("IKE_SA_INIT from %s: no connection matches", peer_of(md));
		ikev2_send_stateless_notify(md, IKEV2_N_NO_PROPOSAL_CHOSEN, EMPTY_BYTES);
		return HANDLER_IGNORE;
	}
	struct ike_algs algs;
	static struct ikev2_sa chosen;
	struct ikev2_ke ke;
	struct bytes ni;
	if (!choose(md, c, &algs, &chosen, &ke, &ni))
		return HANDLER_IGNORE;

	struct ike_sa *ike = ike_sa_new(c, false);
	if (ike == NULL)
		return HANDLER_IGNORE;	/* logged: no SPI without the RNG */
	ike->spi_i = ike_spi_from_u64(md->hdr.spi_i);
	ike->local = md->local;
	ike->remote = md->remote;
	ike->algs = algs;
	ike->ni = chunk_clone(ni);
	ike_sa_rehash(ike);
	md->ike = ike;
	ikev2_check_natd(ike, md);
	cert_note_sig_hashes(ike, md);
	ikev2_frag_check_supported(ike, md);
	/* a failure here is ours or a degenerate shared secret: no answer
	 * (the peer's retransmission may succeed), no state */
	if (!responder_keys(ike, &ke)) {
		ike_sa_drop(ike);
		md->ike = NULL;
		return HANDLER_IGNORE;
	}

	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_IKE_SA_INIT, true, 0, false);
	mb_sa(&mb, &chosen);
	mb_ke(&mb, dh_keypair_group(ike->dh)->id, dh_keypair_public(ike->dh));
	mb_nonce(&mb, chunk_bytes(ike->nr));
	ikev2_emit_natd(&mb, ike);
	cert_emit_sig_hashes(&mb, c);
	if (cert_peer_may_sign(c))	/* RFC 7296 §3.7: the CAs we trust */
		cert_emit_certreq(&mb, ike);
	ikev2_frag_emit_supported(&mb, ike);
	dh_keypair_free(&ike->dh);	/* the private value is no longer needed */
	if (!ikev2_send_response(ike, &mb, md))
		return HANDLER_FAIL;
	ike->first_msg_i = chunk_clone(md->raw);
	ike->first_msg_r = chunk_clone(chunk_bytes(ike->window.last_response));
	char algs_str[128];
	log_info("\"%s\" #%u: responded to IKE_SA_INIT from %s (%s)", c->name, ike->serialno,
		 peer_of(md), ike_algs_str(&ike->algs, algs_str, sizeof(algs_str)));
	return HANDLER_OK;
}

/* An unprotected error answer to our IKE_SA_INIT: COOKIE, another group,
 * or a refusal.  true when the exchange goes on (re-sent). */
static bool sa_init_error(struct ike_sa *ike, struct msg_digest *md, enum handler_result *r)
{
	struct connection *c = ike->conn;
	struct ikev2_notify n;
	if (md_notify(md, IKEV2_N_COOKIE, &n)) {
		if (ike->cookie.len > 0 && bytes_eq(chunk_bytes(ike->cookie), n.data)) {
			*r = HANDLER_IGNORE;	/* the same cookie again: wait for a real answer */
			return true;
		}
		chunk_free(&ike->cookie);
		ike->cookie = chunk_clone(n.data);
		conn_log(c, "#%u: responder demands a cookie; sending IKE_SA_INIT again", ike->serialno);
		*r = send_sa_init_request(ike) ? HANDLER_DONE : HANDLER_FAIL;
		return true;
	}
	if (md_notify(md, IKEV2_N_INVALID_KE_PAYLOAD, &n) && n.data.len == 2) {
		uint16_t group = (uint16_t)(n.data.ptr[0] << 8 | n.data.ptr[1]);
		if (group == ike->retry_dh) {
			/* the answer to a retransmission of the request before
			 * the retry: the retry's own answer is still to come */
			log_debug("#%u: INVALID_KE_PAYLOAD for group %u again: ignored", ike->serialno, group);
			*r = HANDLER_IGNORE;
			return true;
		}
		if (!proposals_allow_dh(&c->ike, group) || dh_by_id(group) == NULL) {
			conn_log(c, "#%u: responder wants DH group %u, which we do not offer", ike->serialno, group);
			*r = HANDLER_FAIL;
			return true;
		}
		conn_log(c, "#%u: responder wants DH group %u (INVALID_KE_PAYLOAD); retrying", ike->serialno, group);
		ike->retry_dh = group;
		*r = send_sa_init_request(ike) ? HANDLER_DONE : HANDLER_FAIL;
		return true;
	}
	uint16_t error = md_error_notify(md);
	if (error != 0) {
		conn_log(c, "#%u: IKE_SA_INIT refused by the peer: %s", ike->serialno, ikev2_notify_name(error));
		*r = HANDLER_FAIL;
		return true;
	}
	return false;
}

enum handler_result ikev2_sa_init_response(struct ike_sa *ike, struct msg_digest *md)
{
	struct connection *c = ike->conn;
	enum handler_result r;
	if (sa_init_error(ike, md, &r))
		return r;
	const struct ikev2_payload *sa_pl = md_first(md, IKEV2_PL_SA);
	const struct ikev2_payload *ke_pl = md_first(md, IKEV2_PL_KE);
	const struct ikev2_payload *nr_pl = md_first(md, IKEV2_PL_NONCE);
	struct ikev2_error err = { 0 };
	static struct ikev2_sa sa, echo;
	struct ikev2_ke ke;
	struct bytes nr;
	if (sa_pl == NULL || ke_pl == NULL || nr_pl == NULL || md->hdr.spi_r == 0 ||
	    !ikev2_sa_decode(sa_pl->body, &sa, &err) || !ikev2_ke_decode(ke_pl->body, &ke, &err) ||
	    !ikev2_nonce_decode(nr_pl->body, &nr, &err)) {
		conn_log(c, "#%u: malformed IKE_SA_INIT response: %s", ike->serialno,
			 err.reason[0] != '\0' ? err.reason : "SA, KE or Nr missing");
		return HANDLER_FAIL;
	}
	struct ike_algs algs;
	if (!proposals_sa_is_single(&sa) ||
	    !proposals_select_ike(&sa, &c->ike, ke.group, &algs, &echo) ||
	    algs.dh->id != ke.group || ke.group != dh_keypair_group(ike->dh)->id) {
		conn_log(c, "#%u: IKE_SA_INIT response chose what we did not offer", ike->serialno);
		return HANDLER_FAIL;
	}
	ike->algs = algs;
	ike->spi_r = ike_spi_from_u64(md->hdr.spi_r);
	ike_sa_rehash(ike);
	ike->nr = chunk_clone(nr);
	ikev2_check_natd(ike, md);
	cert_note_sig_hashes(ike, md);
	ikev2_frag_check_supported(ike, md);
	struct secret g_ir = { 0 };
	struct crypto_error cerr = { 0 };
	if (!dh_shared_secret(ike->dh, ke.data, &g_ir, &cerr)) {
		conn_log(c, "#%u: bad KE from the responder: %s", ike->serialno, crypto_reason(&cerr));
		return HANDLER_FAIL;
	}
	bool ok = ikev2_derive_ike_keys(ike, secret_bytes(g_ir));
	secret_free(&g_ir);
	dh_keypair_free(&ike->dh);
	if (!ok)
		return HANDLER_FAIL;
	ike->first_msg_r = chunk_clone(md->raw);
	char algs_str[128];
	conn_log(c, "#%u: IKE_SA_INIT done (%s); sending IKE_AUTH", ike->serialno,
		 ike_algs_str(&ike->algs, algs_str, sizeof(algs_str)));
	return ikev2_send_auth_request(ike) ? HANDLER_OK : HANDLER_FAIL;
}
