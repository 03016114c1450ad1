/*
 * IKE_AUTH (RFC 7296 §1.2, §2.15): identities, AUTH, and the first Child
 * SA.  After IKE_SESSION_RESUME the same exchange authenticates with a MAC
 * keyed by SK_pi/SK_pr of the resumed SA (RFC 5723 §4.3.3) and the IDs
 * must be the ticket's.  Ticket requests ride along (ikev2_resume.c).
 */
#include <string.h>

#include "connections.h"
#include "ikev2_auth.h"
#include "ikev2_cert.h"
#include "ikev2_child_sa.h"
#include "ikev2_exchanges.h"
#include "ikev2_msg.h"
#include "ikev2_numbers.h"
#include "ike_sa_life.h"
#include "ikev2_resume.h"
#include "log.h"
#include "pluto.h"
#include "pluto_secrets.h"
#include "state.h"

/* The ID payload body (type | 3 reserved | data) for an identity. */
static struct chunk id_body(const struct ike_id *id)
{
	uint8_t type;
	struct bytes data;
	uint8_t buf[4 + IKE_ID_BODY_MAX];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	if (!ike_id_to_wire(id, &type, &data))
		return (struct chunk){ 0 };
	struct ikev2_id wire = { .type = type, .data = data };
	ikev2_id_encode(&out, &wire);
	return chunk_clone(wire_out_bytes(&out));
}

/* What one side's AUTH covers: its first message | the peer's nonce |
 * prf(SK_px, its ID payload body).  libreswan 5.x's resumption MAC
 * covers the first message alone. */
static bool auth_octets(const struct ike_sa *ike, bool for_initiator, struct chunk *octets,
			struct crypto_error *err)
{
	struct bytes first = chunk_bytes(for_initiator ? ike->first_msg_i : ike->first_msg_r);
	struct bytes nonce = chunk_bytes(for_initiator ? ike->nr : ike->ni);
	struct bytes sk_p = secret_bytes(for_initiator ? ike->keys.sk_pi : ike->keys.sk_pr);
	struct bytes id = chunk_bytes(for_initiator == ike->original_initiator ? ike->id_local : ike->id_remote);
	if (ike->resumed && ike->conn->resume_auth == RESUME_AUTH_LIBRESWAN) {
		*octets = chunk_clone(first);
		return true;
	}
	struct chunk maced_id = { 0 };
	if (!auth_maced_id(ike->algs.prf, sk_p, id, &maced_id, err))
		return false;
	*octets = auth_signed_octets(first, nonce, chunk_bytes(maced_id));
	chunk_free(&maced_id);
	return true;
}

/* AUTH for one side: a PSK or resumption MAC, or our signature. */
static bool compute_auth(const struct ike_sa *ike, bool for_initiator, uint8_t method,
			 const struct secret *psk, struct chunk *auth)
{
	const struct prf_desc *prf = ike->algs.prf;
	struct bytes sk_p = secret_bytes(for_initiator ? ike->keys.sk_pi : ike->keys.sk_pr);
	struct crypto_error err = { 0 };
	struct chunk octets = { 0 };
	bool ok = auth_octets(ike, for_initiator, &octets, &err);
	if (ok && method == IKEV2_AUTH_DIGITAL_SIGNATURE)
		ok = cert_sign_auth(ike, chunk_bytes(octets), auth);	/* logged */
	else if (ok)
		ok = method == IKEV2_AUTH_PSK && !ike->resumed
			? auth_psk(prf, secret_bytes(*psk), chunk_bytes(octets), auth, &err)
			: auth_resume(prf, sk_p, chunk_bytes(octets), auth, &err);
	if (!ok && err.reason != NULL)
		log_error("\"%s\" #%u: AUTH computation failed: %s", ike->conn->name, ike->serialno, err.reason);
	chunk_free(&octets);
	return ok;
}

/* Signature with leftcert=, else PSK (also after a resumption: RFC 5723 §4.3.3). */
static uint8_t our_auth_method(const struct ike_sa *ike)
{
	return !ike->resumed && cert_we_sign(ike->conn) ? IKEV2_AUTH_DIGITAL_SIGNATURE : IKEV2_AUTH_PSK;
}

/*
 * The PSK for this pair of identities, or NULL (logged).  The peer is
 * named by the ID it sent (IDi, or IDr in the response) once we have it,
 * not by the connection's rightid: with rightid=%any only the received ID
 * can select "@west @east : PSK ...".  Before then (our own first AUTH as
 * initiator), and if the received ID does not fit the connection (the
 * callers refuse that case anyway), the configured ID is used.
 */
static const struct secret *find_psk(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	const struct ike_id *remote = &c->remote.id;
	struct ike_id peer = { 0 };
	struct ikev2_id wire;
	struct ikev2_error err = { 0 };
	if (ike->id_remote.len > 0 && ikev2_id_decode(chunk_bytes(ike->id_remote), &wire, &err) &&
	    ike_id_from_wire(wire.type, wire.data, &peer) == NULL && ike_id_match(&c->remote.id, &peer))
		remote = &peer;
	const struct secret *psk = pluto_psk(&c->local.id, remote);
	if (psk == NULL) {
		char s[IKE_ID_STR_LEN];
		conn_log(c, "#%u: no PSK in the secrets file for the IDs of this connection and peer %s",
			 ike->serialno, ike_id_str(remote, s, sizeof(s)));
	}
	ike_id_free(&peer);
	return psk;
}

bool ikev2_send_auth_request(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	chunk_free(&ike->id_local);
	ike->id_local = id_body(&c->local.id);
	uint8_t method = our_auth_method(ike);
	bool need_psk = method == IKEV2_AUTH_PSK && !ike->resumed;
	const struct secret *psk = need_psk ? find_psk(ike) : NULL;
	struct chunk auth = { 0 };
	if (ike->id_local.len == 0 || (need_psk && psk == NULL) || !compute_auth(ike, true, method, psk, &auth))
		return false;
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_IKE_AUTH, false, 0, true);
	mb_payload(&mb, IKEV2_PL_IDi, chunk_bytes(ike->id_local));
	if (method == IKEV2_AUTH_DIGITAL_SIGNATURE)
		cert_emit_cert(&mb, ike);
	if (!ike->resumed && cert_peer_may_sign(c))
		cert_emit_certreq(&mb, ike);
	if (!ike_id_is_any(&c->remote.id)) {
		struct chunk idr = id_body(&c->remote.id);
		mb_payload(&mb, IKEV2_PL_IDr, chunk_bytes(idr));
		chunk_free(&idr);
	}
	mb_auth(&mb, method, chunk_bytes(auth));
	chunk_free(&auth);
	if (!ike->resumed)
		mb_notify(&mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_INITIAL_CONTACT, EMPTY_BYTES);
	if (!child_emit_request(ike, &mb, c, NULL, EMPTY_BYTES))
		return false;	/* logged (RNG failure) */
	resume_emit_ticket_request(ike, &mb);
	return ikev2_send_request(ike, &mb);
}

struct fit_arg {
	const struct ike_sa *ike;
	const struct msg_digest *md;
};

static bool child_fits(const struct connection *c, void *arg)
{
	const struct fit_arg *a = arg;
	return child_request_fits(c, a->ike, a->md);
}

/* Responder: the identities and their connection. */
static bool responder_ids(struct ike_sa *ike, const struct msg_digest *md, uint16_t *error)
{
	const struct ikev2_payload *idi_pl = md_first(md, IKEV2_PL_IDi);
	const struct ikev2_payload *idr_pl = md_first(md, IKEV2_PL_IDr);
	struct ikev2_id idi, idr;
	struct ikev2_error err = { 0 };
	*error = IKEV2_N_INVALID_SYNTAX;
	/* RFC 7296 §1.2: the Child SA's SA, TSi and TSr are part of the
	 * request; without them it is malformed, and INVALID_SYNTAX is fatal
	 * for the IKE SA (§2.21.2), so it must not be established */
	if (idi_pl == NULL || md_count(md, IKEV2_PL_IDi) != 1 || md_count(md, IKEV2_PL_AUTH) != 1 ||
	    md_count(md, IKEV2_PL_SA) != 1 || md_count(md, IKEV2_PL_TSi) != 1 || md_count(md, IKEV2_PL_TSr) != 1 ||
	    !ikev2_id_decode(idi_pl->body, &idi, &err) ||
	    (idr_pl != NULL && !ikev2_id_decode(idr_pl->body, &idr, &err))) {
		log_info("#%u: IKE_AUTH: %s", ike->serialno,
			 err.reason[0] ? err.reason : "IDi, AUTH, SA, TSi or TSr missing or repeated");
		return false;
	}
	struct ike_id peer = { 0 }, us = { 0 };
	*error = IKEV2_N_AUTHENTICATION_FAILED;
	const char *why = ike_id_from_wire(idi.type, idi.data, &peer);
	if (why == NULL && idr_pl != NULL)
		why = ike_id_from_wire(idr.type, idr.data, &us);
	struct connection *c = NULL;
	if (why == NULL) {
		/* Several conns may share the pair of IDs and differ in their
		 * subnets: take one that can accept the proposed Child SA, and
		 * only failing that one that answers TS_UNACCEPTABLE. */
		const struct ike_id *our = idr_pl != NULL ? &us : NULL;
		c = conn_find_for_ids_where(&ike->local, &ike->remote, &peer, our, child_fits,
					    &(struct fit_arg){ ike, md });
		if (c == NULL)
			c = conn_find_for_ids(&ike->local, &ike->remote, &peer, our);
	}
	char peer_str[IKE_ID_STR_LEN];
	ike_id_str(&peer, peer_str, sizeof(peer_str));
	ike_id_free(&peer);
	ike_id_free(&us);
	if (c == NULL) {
		log_info("#%u: IKE_AUTH from %s: no connection for ID %s%s%s", ike->serialno,
			 endpoint_str(&ike->remote, (char[ENDPOINT_STR_LEN]){ 0 }, ENDPOINT_STR_LEN),
			 peer_str, why != NULL ? ": " : "", why != NULL ? why : "");
		return false;
	}
	ike->conn = c;
	ike->id_remote = chunk_clone(idi_pl->body);
	ike->id_local = id_body(&c->local.id);
	return true;
}

static bool verify_peer_auth(struct ike_sa *ike, const struct msg_digest *md, bool peer_is_initiator)
{
	struct ikev2_auth a;
	struct ikev2_error err = { 0 };
	const struct ikev2_payload *auth_pl = md_first(md, IKEV2_PL_AUTH);
	if (auth_pl == NULL || !ikev2_auth_decode(auth_pl->body, &a, &err))
		return false;
	ike->auth_method = a.method;
	if (!ike->resumed && a.method == IKEV2_AUTH_DIGITAL_SIGNATURE && cert_peer_may_sign(ike->conn)) {
		struct chunk octets = { 0 };
		struct crypto_error cerr = { 0 };
		bool ok = auth_octets(ike, peer_is_initiator, &octets, &cerr) &&
			  cert_verify_peer(ike, md, a.data, chunk_bytes(octets));
		chunk_free(&octets);
		return ok;
	}
	if (a.method != IKEV2_AUTH_PSK || (!ike->resumed && !cert_peer_may_use_psk(ike->conn))) {
		conn_log(ike->conn, "#%u: peer used AUTH method %s, which this connection does not accept",
			 ike->serialno, ikev2_auth_method_name(a.method));
		return false;
	}
	const struct secret *psk = ike->resumed ? NULL : find_psk(ike);
	if (!ike->resumed && psk == NULL)
		return false;
	struct chunk expect = { 0 };
	if (!compute_auth(ike, peer_is_initiator, a.method, psk, &expect))
		return false;
	bool ok = auth_equal(chunk_bytes(expect), a.data);
	chunk_free(&expect);
	return ok;
}

enum handler_result ikev2_auth_request(struct ike_sa *ike, struct msg_digest *md)
{
	uint16_t error;
	bool ids_ok = responder_ids(ike, md, &error);
	if (ids_ok && ike->resumed && !resume_ids_match_ticket(ike)) {
		conn_log(ike->conn, "#%u: IDs differ from the ticket's", ike->serialno);
		ids_ok = false;
		error = IKEV2_N_AUTHENTICATION_FAILED;
	}
	if (ids_ok && ike->resumed && md_count(md, IKEV2_PL_CERT) > 0) {
		conn_log(ike->conn, "#%u: CERT payload after resumption refused (RFC 5723 §4.3.3)", ike->serialno);
		ids_ok = false;
		error = IKEV2_N_AUTHENTICATION_FAILED;
	}
	bool auth_ok = ids_ok && verify_peer_auth(ike, md, true);
	if (auth_ok && ike->resumed && !resume_claim_ticket(ike)) {
		auth_ok = false;
		ids_ok = false;
		error = IKEV2_N_AUTHENTICATION_FAILED;
	}
	if (!auth_ok) {
		if (ids_ok)
			conn_log(ike->conn, "#%u: AUTHENTICATION_FAILED: the peer's AUTH does not verify",
				 ike->serialno);
		ikev2_send_error_response(ike, md, error != IKEV2_N_INVALID_SYNTAX || !ids_ok
					  ? error : IKEV2_N_AUTHENTICATION_FAILED, EMPTY_BYTES);
		return HANDLER_FAIL;
	}
	struct chunk auth = { 0 };
	uint8_t method = our_auth_method(ike);
	const struct secret *psk = method == IKEV2_AUTH_PSK && !ike->resumed ? find_psk(ike) : NULL;
	if ((method == IKEV2_AUTH_PSK && !ike->resumed && psk == NULL) ||
	    !compute_auth(ike, false, method, psk, &auth)) {
		ikev2_send_error_response(ike, md, IKEV2_N_AUTHENTICATION_FAILED, EMPTY_BYTES);
		return HANDLER_FAIL;
	}
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_IKE_AUTH, true, md->hdr.message_id, true);
	mb_payload(&mb, IKEV2_PL_IDr, chunk_bytes(ike->id_local));
	if (method == IKEV2_AUTH_DIGITAL_SIGNATURE)
		cert_emit_cert(&mb, ike);
	mb_auth(&mb, method, chunk_bytes(auth));
	chunk_free(&auth);
	ike->established = pluto_now();
	ikev2_replace_older(ike);
	struct child_nonces n = { chunk_bytes(ike->ni), chunk_bytes(ike->nr), false };
	child_answer_request(ike, ike->conn, md, &mb, &n, NULL);
	resume_answer_ticket_request(ike, md, &mb);
	if (!ikev2_send_response(ike, &mb, md))
		return HANDLER_FAIL;
	ikev2_ike_sa_established(ike);
	return HANDLER_OK;
}

enum handler_result ikev2_auth_response(struct ike_sa *ike, struct msg_digest *md)
{
	struct connection *c = ike->conn;
	uint16_t error = md_error_notify(md);
	if (error != 0 && md_first(md, IKEV2_PL_AUTH) == NULL) {
		conn_log(c, "#%u: IKE_AUTH refused by the peer: %s", ike->serialno, ikev2_notify_name(error));
		return HANDLER_FAIL;
	}
	const struct ikev2_payload *idr_pl = md_first(md, IKEV2_PL_IDr);
	struct ikev2_id idr;
	struct ikev2_error err = { 0 };
	struct ike_id peer = { 0 };
	if (idr_pl == NULL || !ikev2_id_decode(idr_pl->body, &idr, &err) ||
	    ike_id_from_wire(idr.type, idr.data, &peer) != NULL || !ike_id_match(&c->remote.id, &peer)) {
		char s[IKE_ID_STR_LEN];
		conn_log(c, "#%u: responder's ID %s is not the one we expect", ike->serialno,
			 ike_id_str(&peer, s, sizeof(s)));
		ike_id_free(&peer);
		return HANDLER_FAIL;
	}
	ike_id_free(&peer);
	chunk_free(&ike->id_remote);
	ike->id_remote = chunk_clone(idr_pl->body);
	if (ike->resumed && !resume_ids_match_ticket(ike)) {
		conn_log(c, "#%u: responder's ID differs from the ticket's", ike->serialno);
		return HANDLER_FAIL;
	}
	if (!verify_peer_auth(ike, md, false)) {
		conn_log(c, "#%u: responder's AUTH does not verify", ike->serialno);
		return HANDLER_FAIL;
	}
	ike->established = pluto_now();
	ikev2_ike_sa_established(ike);
	/* Indexed by peer like a responder's SA: if the peer restarts and
	 * initiates itself (INITIAL_CONTACT, RFC 7296 §3.10.1), its new SA
	 * replaces this one instead of clashing with its Child SA. */
	ike_sa_index_peer(ike);
	/* A refused Child SA leaves the IKE SA up (RFC 7296 §1.2). */
	struct child_nonces n = { chunk_bytes(ike->ni), chunk_bytes(ike->nr), false };
	bool child_ok = child_process_response(ike, md, &n);
	resume_process_ticket_response(ike, md);
	conn_done(c, child_ok);
	return HANDLER_OK;
}
