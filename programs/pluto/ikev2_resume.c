/* RFC 5723 session resumption in pluto (ikev2_resume.h). */
#include <string.h>

#include <event2/event.h>

#include "connections.h"
#include "cookie.h"
#include "ike_sa_life.h"
#include "impair.h"
#include "ikev2_child_sa.h"
#include "ikev2_exchanges.h"
#include "ikev2_keys.h"
#include "ikev2_msg.h"
#include "ikev2_fragment.h"
#include "ikev2_natd.h"
#include "ikev2_numbers.h"
#include "ikev2_random.h"
#include "ikev2_resume.h"
#include "ikev2_ticket.h"
#include "log.h"
#include "pluto.h"
#include "resume_keys.h"
#include "resume_ticket.h"
#include "state.h"
#include "ticket_replay.h"
#include "whack_server.h"

#define NONCE_SIZE 32

/* --- tickets requested and issued --------------------------------------- */

void resume_emit_ticket_request(struct ike_sa *ike, struct msg_builder *mb)
{
	if (!ike->conn->session_resumption)
		return;
	mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_TICKET_REQUEST, EMPTY_BYTES);
	ike->ticket_requested = true;
}

/* An ID payload body (type | 3 reserved | data) into the ticket's form. */
static bool ticket_id_from_body(struct bytes body, struct ticket_id *id)
{
	if (body.len < 5 || body.len - 4 > TICKET_ID_MAX)
		return false;
	id->type = body.ptr[0];
	id->len = (uint16_t)(body.len - 4);
	memcpy(id->body, body.ptr + 4, id->len);
	return true;
}

static struct chunk body_from_ticket_id(const struct ticket_id *id)
{
	struct chunk c = chunk_alloc(4 + (size_t)id->len);
	c.ptr[0] = id->type;
	memcpy(c.ptr + 4, id->body, id->len);
	return c;
}

/* Seal the state of an established IKE SA into a ticket. */
static enum ticket_err issue_ticket(struct ike_sa *ike, uint32_t *lifetime, struct chunk *ticket)
{
	struct connection *c = ike->conn;
	uint64_t now = pluto_wallclock();
	*lifetime = (uint32_t)c->ticket_lifetime;
	if (*lifetime > MAX_TICKET_LIFETIME)
		*lifetime = MAX_TICKET_LIFETIME;
	struct ticket_state st = {
		.auth_method = ike->auth_method != 0 ? ike->auth_method : IKEV2_AUTH_PSK,
		.sa = {
			.encr = ike->algs.encr->id,
			.encr_key_bits = ike->algs.encr_key_bits,
			.prf = ike->algs.prf->id,
			.integ = ike->algs.integ != NULL ? ike->algs.integ->id : 0,
			.dh = ike->algs.dh != NULL ? ike->algs.dh->id : 0,
		},
		.sk_d = ike->keys.sk_d,	/* borrowed: not freed here */
		.expiry = now + *lifetime,
	};
	memcpy(st.spi_i, ike->spi_i.bytes, TICKET_SPI_LEN);
	memcpy(st.spi_r, ike->spi_r.bytes, TICKET_SPI_LEN);
	snprintf(st.name, sizeof(st.name), "%s", c->name);
	if (!ticket_id_from_body(chunk_bytes(ike->id_remote), &st.idi) ||
	    !ticket_id_from_body(chunk_bytes(ike->id_local), &st.idr))
		return TICKET_ERR_MALFORMED_STATE;
	enum ticket_err e = ticket_seal(resume_keys_ring(), &st, now, ticket);
	if (e == TICKET_ERR_KEY_EXHAUSTED || e == TICKET_ERR_NO_KEY) {
		resume_keys_maybe_rotate();
		e = ticket_seal(resume_keys_ring(), &st, now, ticket);
	}
	wipe(&st.idi, sizeof(st.idi));
	return e;
}

void resume_answer_ticket_request(struct ike_sa *ike, const struct msg_digest *md, struct msg_builder *mb)
{
	struct ikev2_notify n;
	if (!md_notify(md, IKEV2_N_TICKET_REQUEST, &n))
		return;
	struct connection *c = ike->conn;
	if (!c->session_resumption) {
		conn_log(c, "#%u: ticket requested; session-resumption=no: TICKET_NACK", ike->serialno);
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_TICKET_NACK, EMPTY_BYTES);
		return;
	}
	if (impaired(WHACK_IMPAIR_TICKET_ACK)) {
		conn_log(c, "#%u: IMPAIR: answering TICKET_ACK instead of a ticket", ike->serialno);
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_TICKET_ACK, EMPTY_BYTES);
		return;
	}
	uint32_t lifetime;
	struct chunk ticket = { 0 };
	enum ticket_err e = issue_ticket(ike, &lifetime, &ticket);
	if (e != TICKET_OK) {
		/* not the peer's fault: it may ask again later (RFC 5723 §4.1) */
		conn_log(c, "#%u: cannot issue a ticket now (%s): TICKET_ACK", ike->serialno, ticket_err_name(e));
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_TICKET_ACK, EMPTY_BYTES);
		return;
	}
	uint8_t buf[4 + TICKET_MAX_LEN];
	struct wire_out out = wire_out_buf(buf, sizeof(buf));
	struct ikev2_ticket_lt lt = { .lifetime = lifetime, .ticket = chunk_bytes(ticket) };
	ikev2_ticket_lt_encode(&out, &lt);
	mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_TICKET_LT_OPAQUE, wire_out_bytes(&out));
	conn_log(c, "#%u: issued a session resumption ticket (%zu bytes, lifetime %us)", ike->serialno,
		 ticket.len, lifetime);
	chunk_free(&ticket);
}

/* --- asking again (RFC 5723 §4.2) ---------------------------------------- */

static void ticket_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ike_sa *ike = arg;
	if (ike->state != IKE_ESTABLISHED || !ike->conn->session_resumption)
		return;
	if (ike->window.request_outstanding) {
		resume_schedule_ticket_request(ike, 1);	/* one exchange at a time */
		return;
	}
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, false, 0, true);
	resume_emit_ticket_request(ike, &mb);
	conn_log(ike->conn, "#%u: asking for a session resumption ticket again (INFORMATIONAL)", ike->serialno);
	ikev2_send_request(ike, &mb);
}

void resume_schedule_ticket_request(struct ike_sa *ike, double seconds)
{
	if (ike->ticket_timer == NULL)
		ike->ticket_timer = evtimer_new(pluto_event_base, ticket_timer_cb, ike);
	struct timeval tv = { .tv_sec = (time_t)seconds,
			      .tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6) };
	evtimer_add(ike->ticket_timer, &tv);
}

/* How long before a ticket ends the client asks for the next: a tenth of
 * its lifetime, at least 10s (a ticket is not presented in its last 5s),
 * at most half of it. */
static double refresh_lead(double lifetime)
{
	double lead = lifetime / 10 > 10 ? lifetime / 10 : 10;
	return lead < lifetime / 2 ? lead : lifetime / 2;
}

/* Before the ticket ends, unless the IKE SA is rekeyed first: the rekey
 * asks for the next ticket itself (and voids this one, RFC 5723 §6.2). */
static void schedule_refresh(struct ike_sa *ike, uint32_t lifetime)
{
	struct connection *c = ike->conn;
	double in = lifetime - refresh_lead(lifetime);
	if (ike_sa_should_rekey(ike) && ike->established > 0) {
		double rekey_at = ike->established + c->ikelifetime - rekey_lead(c, c->ikelifetime);
		if (rekey_at < pluto_now() + lifetime)
			return;
	}
	resume_schedule_ticket_request(ike, in);
}

/* After TICKET_ACK: a tenth of the ticket lifetime, between 1s and 10 min. */
static double ack_retry(const struct connection *c)
{
	double t = c->ticket_lifetime / 10;
	return t < 1 ? 1 : t > 600 ? 600 : t;
}

void resume_process_ticket_response(struct ike_sa *ike, const struct msg_digest *md)
{
	struct connection *c = ike->conn;
	struct ikev2_notify n;
	if (!ike->ticket_requested)
		return;
	if (md_notify(md, IKEV2_N_TICKET_NACK, &n)) {
		conn_log(c, "#%u: responder refused a ticket (TICKET_NACK)", ike->serialno);
		return;
	}
	if (md_notify(md, IKEV2_N_TICKET_ACK, &n)) {
		conn_log(c, "#%u: responder will issue a ticket later (TICKET_ACK): asking again in %.0fs",
			 ike->serialno, ack_retry(c));
		resume_schedule_ticket_request(ike, ack_retry(c));
		return;
	}
	if (!md_notify(md, IKEV2_N_TICKET_LT_OPAQUE, &n))
		return;
	struct ikev2_ticket_lt lt;
	struct ikev2_error err = { 0 };
	if (!ikev2_ticket_lt_decode(n.data, &lt, &err) || lt.lifetime == 0) {
		conn_log(c, "#%u: malformed TICKET_LT_OPAQUE ignored: %s", ike->serialno, err.reason);
		return;
	}
	uint32_t lifetime = lt.lifetime;
	if (c->ticket_lifetime > 0 && lifetime > c->ticket_lifetime)
		lifetime = (uint32_t)c->ticket_lifetime;	/* our policy bounds it too */
	struct resume_ticket *t = xzalloc(sizeof(*t));
	t->opaque = chunk_clone(lt.ticket);
	t->expiry = pluto_wallclock() + lifetime;
	t->sk_d = secret_clone(secret_bytes(ike->keys.sk_d));
	t->algs = ike->algs;
	t->algs.dh = NULL;
	t->idi = chunk_clone(chunk_bytes(ike->id_local));
	t->idr = chunk_clone(chunk_bytes(ike->id_remote));
	t->auth_method = IKEV2_AUTH_PSK;
	resume_ticket_free(c->ticket);
	c->ticket = t;
	conn_log(c, "#%u: received a session resumption ticket (%zu bytes, lifetime %us)", ike->serialno,
		 t->opaque.len, lifetime);
	schedule_refresh(ike, lifetime);
}

/* --- the resumed IKE_AUTH ------------------------------------------------ */

bool resume_ids_match_ticket(const struct ike_sa *ike)
{
	const struct resume_ticket *t = ike->resume;
	if (t == NULL)
		return false;
	bool init = ike->original_initiator;
	struct bytes idi = chunk_bytes(init ? ike->id_local : ike->id_remote);
	struct bytes idr = chunk_bytes(init ? ike->id_remote : ike->id_local);
	/* compare type and data; the reserved octets carry nothing */
	return idi.len == t->idi.len && idr.len == t->idr.len && idi.len >= 4 && idr.len >= 4 &&
	       idi.ptr[0] == t->idi.ptr[0] && idr.ptr[0] == t->idr.ptr[0] &&
	       memcmp(idi.ptr + 4, t->idi.ptr + 4, idi.len - 4) == 0 &&
	       memcmp(idr.ptr + 4, t->idr.ptr + 4, idr.len - 4) == 0;
}

bool resume_claim_ticket(struct ike_sa *ike)
{
	const struct resume_ticket *t = ike->resume;
	if (t == NULL || t->opaque.len != TICKET_DIGEST_LEN)
		return false;
	enum ticket_replay_result r = ticket_replay_add(resume_replay_cache(), t->opaque.ptr, t->expiry,
							pluto_wallclock());
	if (r != TICKET_REPLAY_ADDED) {
		conn_log(ike->conn, "#%u: resumption refused: ticket %s", ike->serialno,
			 ticket_replay_result_name(r));
		return false;
	}
	return true;
}

/* --- IKE_SESSION_RESUME -------------------------------------------------- */

static bool resumed_keys(struct ike_sa *ike, struct bytes sk_d_old)
{
	struct crypto_error err = { 0 };
	struct secret skeyseed = { 0 };
	bool ok = ikev2_skeyseed_resume(ike->algs.prf, sk_d_old, chunk_bytes(ike->ni), chunk_bytes(ike->nr),
					&skeyseed, &err) &&
		  ikev2_install_keys(ike, secret_bytes(skeyseed), &err);
	secret_free(&skeyseed);
	if (!ok)
		log_error("\"%s\" #%u: resumption keys: %s", ike->conn->name, ike->serialno, err.reason);
	return ok;
}

/* N(TICKET_OPAQUE), or what an impairment makes of it. */
static void emit_ticket_opaque(struct ike_sa *ike, struct msg_builder *mb)
{
	struct bytes ticket = chunk_bytes(ike->resume->opaque);
	if (impaired(WHACK_IMPAIR_RESUME_NO_TICKET)) {
		conn_log(ike->conn, "#%u: IMPAIR: IKE_SESSION_RESUME without TICKET_OPAQUE", ike->serialno);
		return;
	}
	if (impaired(WHACK_IMPAIR_TICKET_TAMPER)) {
		conn_log(ike->conn, "#%u: IMPAIR: presenting the ticket with one bit flipped", ike->serialno);
		struct chunk bad = impair_tampered_copy(ticket);
		mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_TICKET_OPAQUE, chunk_bytes(bad));
		chunk_free(&bad);
		return;
	}
	mb_notify(mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_TICKET_OPAQUE, ticket);
}

static bool send_resume_request(struct ike_sa *ike)
{
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_IKE_SESSION_RESUME, false, 0, false);
	if (ike->cookie.len > 0)
		mb_notify(&mb, IKEV2_PROTO_NONE, EMPTY_BYTES, IKEV2_N_COOKIE, chunk_bytes(ike->cookie));
	mb_nonce(&mb, chunk_bytes(ike->ni));
	emit_ticket_opaque(ike, &mb);
	ikev2_emit_natd(&mb, ike);
	ikev2_frag_emit_supported(&mb, ike);
	/* the resume request plays the first message's part in AUTH (§5) */
	return ikev2_send_first_request(ike, &mb);
}

/* ticket-replay: the first ticket presented is kept, and presented
 * again (instead of the fresh one) at the next resume. */
static struct resume_ticket *impair_replay(struct connection *c, struct resume_ticket *t)
{
	if (!impaired(WHACK_IMPAIR_TICKET_REPLAY))
		return t;
	if (c->replay_ticket == NULL) {
		conn_log(c, "IMPAIR: keeping a copy of the ticket to present it again");
		c->replay_ticket = resume_ticket_clone(t);
		return t;
	}
	conn_log(c, "IMPAIR: presenting a ticket that was presented before");
	resume_ticket_free(t);
	t = c->replay_ticket;
	c->replay_ticket = NULL;
	return t;
}

bool ikev2_initiate_resume(struct connection *c)
{
	if (!resume_ticket_valid(c->ticket, pluto_wallclock())) {
		conn_log(c, "no valid ticket: full handshake instead");
		resume_ticket_free(c->ticket);
		c->ticket = NULL;
		return ikev2_initiate(c);
	}
	struct ike_sa *ike = ike_sa_new(c, true);
	if (ike == NULL)
		return false;	/* logged; the ticket stays with the connection */
	ike->resumed = true;
	/* the ticket leaves the connection: it is never presented twice */
	ike->resume = impair_replay(c, c->ticket);
	c->ticket = NULL;
	ike->algs = ike->resume->algs;
	ike->remote = (ip_endpoint){ .addr = c->remote.host, .port = pluto_options.ikeport };
	ike->local = (ip_endpoint){ .addr = c->local.host, .port = pluto_options.ikeport };
	c->newest_ike = ike;
	ike->ni = chunk_alloc(NONCE_SIZE);
	if (!random_bytes(ike->ni.ptr, ike->ni.len) || !send_resume_request(ike)) {
		ike_sa_drop(ike);
		return false;
	}
	ike_sa_set_state(ike, IKE_RESUME_I);
	conn_log(c, "#%u: resuming with a ticket (IKE_SESSION_RESUME)", ike->serialno);
	return true;
}

/* Responder: every failure is an unprotected TICKET_NACK and no state. */
static enum handler_result nack(const struct msg_digest *md, const char *why)
{
	log_info("IKE_SESSION_RESUME from %s refused: %s: TICKET_NACK",
		 endpoint_str(&md->remote, (char[ENDPOINT_STR_LEN]){ 0 }, ENDPOINT_STR_LEN), why);
	ikev2_send_stateless_notify(md, IKEV2_N_TICKET_NACK, EMPTY_BYTES);
	return HANDLER_IGNORE;
}

/* The request is HDR, [N(COOKIE),] Ni, N(TICKET_OPAQUE) [,N+] (§4.3.2):
 * anything else is malformed. */
static const char *check_resume_request(const struct msg_digest *md, struct bytes *ni, struct bytes *ticket)
{
	const struct ikev2_digest *d = md_payloads(md);
	for (unsigned i = 0; i < d->count; i++) {
		uint8_t t = d->payloads[i].type;
		if (t != IKEV2_PL_NONCE && t != IKEV2_PL_NOTIFY && t != IKEV2_PL_VID)
			return "unexpected payload (only Ni and notifies belong here)";
	}
	const struct ikev2_payload *ni_pl = md_first(md, IKEV2_PL_NONCE);
	struct ikev2_error err = { 0 };
	if (ni_pl == NULL || md_count(md, IKEV2_PL_NONCE) != 1)
		return "Ni missing or repeated";
	if (!ikev2_nonce_decode(ni_pl->body, ni, &err))
		return "bad Ni";
	struct ikev2_notify n;
	unsigned tickets = 0;
	for (const struct ikev2_payload *p = ikev2_digest_first(d, IKEV2_PL_NOTIFY); p != NULL;
	     p = ikev2_digest_next(d, p, IKEV2_PL_NOTIFY)) {
		if (ikev2_notify_decode(p->body, &n, &err) && n.type == IKEV2_N_TICKET_OPAQUE) {
			*ticket = n.data;
			tickets++;
		}
	}
	if (tickets != 1)
		return tickets == 0 ? "no TICKET_OPAQUE" : "more than one TICKET_OPAQUE";
	return NULL;
}

static struct resume_ticket *ticket_from_state(const struct ticket_state *st,
					       const uint8_t digest[TICKET_DIGEST_LEN], const char **why)
{
	struct ike_algs algs = {
		.encr = encr_by_id(st->sa.encr),
		.encr_key_bits = st->sa.encr_key_bits,
		.prf = prf_by_id(st->sa.prf),
		.integ = integ_by_id(st->sa.integ),
	};
	if (algs.encr == NULL || algs.prf == NULL || algs.integ == NULL ||
	    algs.encr->aead != (algs.integ->id == IKEV2_INTEG_NONE)) {
		*why = "ticket names transforms this gateway does not support";
		return NULL;
	}
	struct resume_ticket *t = xzalloc(sizeof(*t));
	t->opaque = chunk_clone(BYTES(digest, TICKET_DIGEST_LEN));
	t->expiry = st->expiry;
	t->sk_d = secret_clone(secret_bytes(st->sk_d));
	t->algs = algs;
	t->idi = body_from_ticket_id(&st->idi);
	t->idr = body_from_ticket_id(&st->idr);
	t->auth_method = st->auth_method;
	return t;
}

enum handler_result ikev2_resume_request(struct ike_sa *unused, struct msg_digest *md)
{
	/* message ID 0 and the I flag: checked by demux for every request
	 * that opens an SA */
	if (!cookie_check_or_demand(md))
		return HANDLER_IGNORE;
	struct bytes ni, opaque;
	const char *why = check_resume_request(md, &ni, &opaque);
	if (why != NULL)
		return nack(md, why);
	struct ticket_state st = { 0 };
	uint64_t now = impair_ticket_clock(pluto_wallclock());
	if (now != pluto_wallclock())
		log_info("IMPAIR: judging the ticket by a clock %us ahead", IMPAIR_TICKET_CLOCK_SHIFT);
	enum ticket_err e = ticket_unseal(resume_keys_ring(), opaque, now, &st);
	if (e != TICKET_OK)
		return nack(md, ticket_err_name(e));
	uint8_t digest[TICKET_DIGEST_LEN];
	struct connection *c = conn_by_name(st.name);
	struct resume_ticket *t = NULL;
	if (c == NULL || !c->session_resumption)
		why = c == NULL ? "the ticket's connection does not exist here" : "session-resumption=no";
	else if (!ticket_digest(opaque, digest))	/* without it one-time use cannot be enforced */
		why = "cannot digest the ticket (NSS failure)";
	else if (ticket_replay_contains(resume_replay_cache(), digest))
		why = "ticket already used";
	else
		t = ticket_from_state(&st, digest, &why);
	ticket_state_free(&st);
	if (t == NULL)
		return nack(md, why);

	struct ike_sa *ike = ike_sa_new(c, false);
	if (ike == NULL) {
		resume_ticket_free(t);
		return HANDLER_IGNORE;	/* logged: no answer, no state */
	}
	ike->resumed = true;
	ike->resume = t;
	ike->algs = t->algs;
	ike->spi_i = ike_spi_from_u64(md->hdr.spi_i);
	ike->local = md->local;
	ike->remote = md->remote;	/* a client may resume from anywhere (§4.3.2) */
	ike->ni = chunk_clone(ni);
	ike->nr = chunk_alloc(NONCE_SIZE);
	ike_sa_rehash(ike);
	md->ike = ike;
	ikev2_check_natd(ike, md);
	ikev2_frag_check_supported(ike, md);
	if (!random_bytes(ike->nr.ptr, ike->nr.len) || !resumed_keys(ike, secret_bytes(t->sk_d))) {
		ike_sa_drop(ike);
		md->ike = NULL;
		return nack(md, "key derivation failed");
	}
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_IKE_SESSION_RESUME, true, 0, false);
	size_t at = mb_start(&mb, IKEV2_PL_NONCE);
	ikev2_nonce_encode(&mb.body, chunk_bytes(ike->nr));
	mb_end(&mb, at);
	ikev2_emit_natd(&mb, ike);
	ikev2_frag_emit_supported(&mb, ike);
	if (!ikev2_send_response(ike, &mb, md))
		return HANDLER_FAIL;
	ike->first_msg_i = chunk_clone(md->raw);
	ike->first_msg_r = chunk_clone(chunk_bytes(ike->window.last_response));
	conn_log(c, "#%u: accepted a ticket from %s (IKE_SESSION_RESUME)", ike->serialno,
		 endpoint_str(&md->remote, (char[ENDPOINT_STR_LEN]){ 0 }, ENDPOINT_STR_LEN));
	return HANDLER_OK;
}

enum handler_result ikev2_resume_response(struct ike_sa *ike, struct msg_digest *md)
{
	struct connection *c = ike->conn;
	struct ikev2_notify n;
	if (md_notify(md, IKEV2_N_COOKIE, &n) && !bytes_eq(chunk_bytes(ike->cookie), n.data)) {
		chunk_free(&ike->cookie);
		ike->cookie = chunk_clone(n.data);
		conn_log(c, "#%u: responder demands a cookie; sending IKE_SESSION_RESUME again", ike->serialno);
		return send_resume_request(ike) ? HANDLER_DONE : HANDLER_FAIL;
	}
	uint16_t error = md_error_notify(md);
	bool nacked = md_notify(md, IKEV2_N_TICKET_NACK, &n);
	const struct ikev2_payload *nr_pl = md_first(md, IKEV2_PL_NONCE);
	struct bytes nr;
	struct ikev2_error err = { 0 };
	if (nacked || error != 0 || nr_pl == NULL || md->hdr.spi_r == 0 ||
	    !ikev2_nonce_decode(nr_pl->body, &nr, &err)) {
		conn_log(c, "#%u: resumption refused (%s)", ike->serialno,
			 nacked ? "TICKET_NACK" : error != 0 ? ikev2_notify_name(error) : "malformed response");
		resume_fallback(ike);
		return HANDLER_DONE;
	}
	ike->spi_r = ike_spi_from_u64(md->hdr.spi_r);
	ike_sa_rehash(ike);
	ike->nr = chunk_clone(nr);
	ikev2_check_natd(ike, md);
	ikev2_frag_check_supported(ike, md);
	if (!resumed_keys(ike, secret_bytes(ike->resume->sk_d)))
		return HANDLER_FAIL;
	ike->first_msg_r = chunk_clone(md->raw);
	conn_log(c, "#%u: IKE_SESSION_RESUME done; sending IKE_AUTH", ike->serialno);
	return ikev2_send_auth_request(ike) ? HANDLER_OK : HANDLER_FAIL;
}

void resume_fallback(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	conn_log(c, "#%u: falling back to a full IKE_SA_INIT", ike->serialno);
	c->suspended = false;
	ike_sa_drop(ike);
	if (!ikev2_initiate(c))
		conn_done(c, false);
}

void resume_forget_ticket(struct connection *c, struct ike_sa *ike)
{
	if (c->ticket != NULL) {
		log_debug("\"%s\": ticket deleted with IKE SA #%u", c->name, ike->serialno);
		resume_ticket_free(c->ticket);
		c->ticket = NULL;
	}
}

/* --- suspend and resume -------------------------------------------------- */

bool resume_suspend(struct connection *c, struct whack_conn *w)
{
	if (!resume_ticket_valid(c->ticket, pluto_wallclock())) {
		whack_err(w, "\"%s\": no valid session resumption ticket: cannot suspend (use --terminate)",
			  c->name);
		return false;
	}
	c->suspended = true;
	/* silently: no DELETE, the peer keeps its SAs until the resume replaces them */
	struct ike_sa *next;
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = next) {
		next = ike->next;
		if (ike->conn == c)
			ike_sa_drop(ike);
	}
	conn_log(c, "suspended: IKE and Child SAs dropped, ticket kept");
	whack_out(w, "\"%s\": suspended: IKE and Child SAs dropped, ticket kept (expires in %llus)", c->name,
		  (unsigned long long)(c->ticket->expiry - pluto_wallclock()));
	return true;
}

bool resume_connection(struct connection *c)
{
	if (c->newest_ike != NULL) {
		conn_log(c, "not suspended: IKE SA #%u is up", c->newest_ike->serialno);
		return false;
	}
	return ikev2_initiate_resume(c);
}
