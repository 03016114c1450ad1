/*
 * CREATE_CHILD_SA (RFC 7296 §1.3): rekeying a Child SA (§1.3.3), and
 * rekeying the IKE SA (§1.3.2, §2.18), and additional Child SAs
 * (§1.3.1), in both roles.  An additional Child SA belongs to a conn
 * other than its IKE SA's one that shares the IKE SA (same peer, same
 * identities and authentication: conn_shares_ike); the responder finds
 * it by the request's traffic selectors.
 *
 * A rekeyed Child SA takes over its predecessor's kernel policies; the
 * initiator of the rekey then deletes the old SA with INFORMATIONAL.  A
 * rekeyed IKE SA takes over the Child SAs, and the old one is deleted.
 * Simultaneous rekeys of a Child SA (§2.8.1) or of the IKE SA (§2.8.2)
 * are resolved by the nonces: the exchange holding the lowest of the four
 * loses and its initiator deletes the SA it made.  Requests that collide
 * with an IKE SA rekey or delete are answered TEMPORARY_FAILURE (§2.25).
 * pfs=yes puts a KE in Child SA rekeys (§1.3.3).
 */
#include <arpa/inet.h>
#include <string.h>

#include <event2/event.h>

#include "connections.h"
#include "ike_sa_life.h"
#include "ikev2_child_sa.h"
#include "ikev2_dh.h"
#include "ikev2_exchanges.h"
#include "ikev2_keys.h"
#include "ikev2_msg.h"
#include "ikev2_numbers.h"
#include "ikev2_random.h"
#include "ikev2_resume.h"
#include "log.h"
#include "pluto.h"
#include "state.h"

#define NONCE_SIZE 32
#define BUSY_RETRY 1.0		/* seconds to wait when another exchange is in flight */
#define TEMPFAIL_RETRY 5.0	/* after TEMPORARY_FAILURE: not at once (§2.25) */

static struct chunk fresh_nonce(void)
{
	struct chunk n = chunk_alloc(NONCE_SIZE);
	random_bytes(n.ptr, n.len);
	return n;
}

/* --- Child SA timers --------------------------------------------------- */

static void child_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct child_sa *child = arg;
	struct ike_sa *ike = child->ike;
	if (((child->we_initiated && child_conn(child)->rekey) || child->rekey_wanted) && !child->rekeying) {
		ikev2_rekey_child(child);
		return;
	}
	/* expired without a rekey: it goes, and the peer is told */
	conn_log(ike->conn, "#%u: Child SA lifetime expired", child->serialno);
	if (ike->state == IKE_ESTABLISHED && !ike->window.request_outstanding) {
		static struct msg_builder mb;
		mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, false, 0, true);
		mb_delete(&mb, IKEV2_PROTO_ESP, &child->spi_in, 1);
		ikev2_send_request(ike, &mb);
	}
	kernel_child_uninstall(child);
	child_sa_free(child);
}

/* (Re)arms a Child SA's one timer; its callback says what it is for now
 * (rekey or expiry, or a DELETE that waits), so a different one replaces
 * the event. */
static void arm(struct event **ev, double seconds, event_callback_fn cb, void *arg)
{
	if (*ev != NULL && event_get_callback(*ev) != cb) {
		event_free(*ev);
		*ev = NULL;
	}
	if (*ev == NULL)
		*ev = evtimer_new(pluto_event_base, cb, arg);
	struct timeval tv = { .tv_sec = (time_t)seconds,
			      .tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6) };
	evtimer_add(*ev, &tv);
}

void child_schedule_rekey(struct child_sa *child)
{
	const struct connection *c = child_conn(child);
	if (c->salifetime <= 0)
		return;
	double at = c->salifetime;
	if (child->we_initiated && c->rekey)
		at -= rekey_lead(c, c->salifetime);
	arm(&child->lifetime_timer, at, child_timer_cb, child);
}

/* --- Child SA rekey: initiator ----------------------------------------- */

/* pfs=yes: a fresh key pair for the request's KEi (RFC 7296 §1.3.3), in
 * the group the peer asked for by INVALID_KE_PAYLOAD, else esp='s or the
 * IKE SA's.  pfs=no: none. */
static bool pfs_keypair(struct ike_sa *ike, const struct connection *c, uint16_t asked)
{
	dh_keypair_free(&ike->cc_dh);
	if (!c->pfs)
		return true;
	uint16_t group = asked != 0 ? asked : child_pfs_group(ike, c);
	struct crypto_error err = { 0 };
	if (group != 0 && dh_keypair_new(dh_by_id(group), &ike->cc_dh, &err))
		return true;
	log_error("\"%s\" #%u: PFS key pair (group %u): %s", ike->conn->name, ike->serialno, group,
		  err.reason != NULL ? err.reason : "no group");
	return false;
}

/* The response's KEr against our key pair: g^ir of the new exchange.
 * Without PFS: true and nothing. */
static bool pfs_shared_secret(struct ike_sa *ike, const struct msg_digest *md, struct secret *g_ir)
{
	if (ike->cc_dh == NULL)
		return true;
	const struct ikev2_payload *ke_pl = md_first(md, IKEV2_PL_KE);
	struct ikev2_ke ke;
	struct ikev2_error err = { 0 };
	struct crypto_error cerr = { 0 };
	if (ke_pl == NULL || !ikev2_ke_decode(ke_pl->body, &ke, &err) ||
	    ke.group != dh_keypair_group(ike->cc_dh)->id || !dh_shared_secret(ike->cc_dh, ke.data, g_ir, &cerr)) {
		conn_log(ike->conn, "#%u: Child SA rekey response without a usable KEr for PFS", ike->serialno);
		return false;
	}
	return true;
}

/* INVALID_KE_PAYLOAD: the rekey is asked again with the group the peer
 * wants, when we allow it. */
static bool pfs_retry(struct ike_sa *ike, const struct msg_digest *md, struct child_sa *old)
{
	struct ikev2_notify n;
	if (!md_notify(md, IKEV2_N_INVALID_KE_PAYLOAD, &n) || n.data.len != 2)
		return false;
	uint16_t group = (uint16_t)(n.data.ptr[0] << 8 | n.data.ptr[1]);
	const struct proposals *esp = &child_conn(old)->esp;
	bool ok = group != old->pfs_group && dh_by_id(group) != NULL &&
		  (proposals_first_dh(esp) == 0 || proposals_allow_dh(esp, group));
	conn_log(ike->conn, "#%u: peer wants PFS group %u%s", ike->serialno, group, ok ? ": asking again" : ", refused");
	if (!ok)
		return false;
	old->pfs_group = group;
	old->rekey_wanted = true;
	arm(&old->lifetime_timer, BUSY_RETRY, child_timer_cb, old);
	return true;
}

void ikev2_rekey_child(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	child->rekey_wanted = true;	/* until a request is on its way */
	if (ike->state != IKE_ESTABLISHED || ike->window.request_outstanding || ike->pending_child != NULL) {
		arm(&child->lifetime_timer, BUSY_RETRY, child_timer_cb, child);
		return;
	}
	chunk_free(&ike->cc_nonce);
	ike->cc_nonce = fresh_nonce();
	if (!pfs_keypair(ike, child_conn(child), child->pfs_group)) {
		arm(&child->lifetime_timer, BUSY_RETRY, child_timer_cb, child);	/* logged */
		return;
	}
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_CREATE_CHILD_SA, false, 0, true);
	if (!child_emit_request(ike, &mb, child_conn(child), child, chunk_bytes(ike->cc_nonce))) {
		arm(&child->lifetime_timer, BUSY_RETRY, child_timer_cb, child);	/* RNG: later */
		return;
	}
	child->rekeying = true;
	child->rekey_wanted = false;
	if (ike->cc_dh != NULL)
		conn_log(ike->conn, "#%u: rekeying Child SA #%u (PFS, DH%u)", ike->serialno, child->serialno,
			 dh_keypair_group(ike->cc_dh)->id);
	else
		conn_log(ike->conn, "#%u: rekeying Child SA #%u", ike->serialno, child->serialno);
	if (!ikev2_send_request(ike, &mb)) {
		child->rekeying = false;
		if (ike->pending_child != NULL)
			child_sa_free(ike->pending_child);
	}
}

static void send_child_delete(struct ike_sa *ike, struct child_sa *child)
{
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, false, 0, true);
	mb_delete(&mb, IKEV2_PROTO_ESP, &child->spi_in, 1);
	ikev2_send_request(ike, &mb);
	kernel_child_uninstall(child);
	child_sa_free(child);
}

/* Our DELETE of a Child SA a rekey replaced (the old one, or our own new
 * one that lost a collision): the peer may send on it until the DELETE
 * reaches it, so only our traffic leaves it now; its inbound SA goes with
 * the answer (ikev2_child_deletes_answered). */
static void send_replaced_delete(struct ike_sa *ike, struct child_sa *child)
{
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, false, 0, true);
	mb_delete(&mb, IKEV2_PROTO_ESP, &child->spi_in, 1);
	if (!ikev2_send_request(ike, &mb)) {
		kernel_child_uninstall(child);
		child_sa_free(child);
		return;
	}
	kernel_child_uninstall_outbound(child);
	child->deleting = true;
	if (child->lifetime_timer != NULL)
		evtimer_del(child->lifetime_timer);
}

void ikev2_child_deletes_answered(struct ike_sa *ike)
{
	struct child_sa *c = ike->children;
	while (c != NULL) {
		struct child_sa *next = c->next;
		if (c->deleting) {
			kernel_child_uninstall(c);
			child_sa_free(c);
		}
		c = next;
	}
}

/* --- additional Child SAs (RFC 7296 §1.3.1): initiator ------------------ */

struct ike_sa *ikev2_shared_ike(const struct connection *c)
{
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next)
		if (ike->conn != c && ike->state == IKE_ESTABLISHED && ike->rekeyed_by == NULL &&
		    conn_shares_ike(ike->conn, c))
			return ike;
	return NULL;
}

struct child_sa *ikev2_additional_child(const struct connection *c)
{
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next) {
		for (struct child_sa *child = ike->children; child != NULL; child = child->next)
			if (child->conn == c && !child->deleting && !child->delete_queued)
				return child;
		if (ike->pending_child != NULL && ike->pending_child->conn == c)
			return ike->pending_child;	/* still being negotiated */
	}
	return NULL;
}

bool ikev2_shared_ike_coming(const struct connection *c)
{
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next)
		if (ike->conn != c && ike->original_initiator && ike->established == 0 &&
		    ike->state != IKE_DELETING && conn_shares_ike(ike->conn, c))
			return true;
	return false;
}

void ikev2_start_shared_children(struct ike_sa *ike)
{
	/* from the IKE_AUTH handler too: established, not yet in the state */
	if (!ike->original_initiator || ike->established == 0 || ike->state == IKE_DELETING ||
	    ike->window.request_outstanding)
		return;
	for (struct connection *c = conn_first(); c != NULL; c = c->next) {
		if (c->start_shared && conn_shares_ike(ike->conn, c)) {
			c->start_shared = false;	/* one try; then whack --up */
			if (ikev2_add_child(ike, c))
				return;	/* the next one after its answer */
		}
	}
}

bool ikev2_add_child(struct ike_sa *ike, struct connection *c)
{
	if (ike->window.request_outstanding || ike->pending_child != NULL) {
		conn_log(c, "IKE SA #%u is busy with another exchange; try again", ike->serialno);
		return false;
	}
	chunk_free(&ike->cc_nonce);
	ike->cc_nonce = fresh_nonce();
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_CREATE_CHILD_SA, false, 0, true);
	if (!pfs_keypair(ike, c, 0) || !child_emit_request(ike, &mb, c, NULL, chunk_bytes(ike->cc_nonce)))
		return false;	/* logged */
	conn_log(c, "#%u: asking for an additional Child SA on IKE SA #%u", ike->serialno, ike->serialno);
	if (ikev2_send_request(ike, &mb))
		return true;
	child_sa_free(ike->pending_child);
	return false;
}

static void child_delete_retry_cb(evutil_socket_t fd, short what, void *arg)
{
	ikev2_child_delete_retry(arg);
}

void ikev2_child_delete_retry(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	if (ike->state != IKE_ESTABLISHED) {
		child_sa_free(child);	/* no one left to tell */
		return;
	}
	if (ike->window.request_outstanding) {
		arm(&child->lifetime_timer, BUSY_RETRY, child_delete_retry_cb, child);
		return;
	}
	send_child_delete(ike, child);
}

void ikev2_delete_child(struct child_sa *child)
{
	struct ike_sa *ike = child->ike;
	if (ike->state == IKE_ESTABLISHED && !ike->window.request_outstanding) {
		send_child_delete(ike, child);
		return;
	}
	kernel_child_uninstall(child);
	if (ike->state != IKE_ESTABLISHED || child == ike->pending_child) {
		child_sa_free(child);	/* no peer to tell, or it never had the SA */
		return;
	}
	/* The window is taken (RFC 7296 §2.3): our traffic stops now, and the
	 * DELETE goes once the exchange in flight is over, so that the peer
	 * does not keep its half until the SA expires. */
	conn_log(child_conn(child), "#%u: DELETE of Child SA #%u waits for the exchange in flight", ike->serialno,
		 child->serialno);
	child->delete_queued = true;
	arm(&child->lifetime_timer, BUSY_RETRY, child_delete_retry_cb, child);
}

/* Nonces compare as octet strings; a prefix is the lower. */
static int nonce_cmp(struct bytes a, struct bytes b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int r = memcmp(a.ptr, b.ptr, n);
	return r != 0 ? r : (a.len > b.len) - (a.len < b.len);
}

static struct bytes lower_nonce(struct bytes a, struct bytes b)
{
	return nonce_cmp(a, b) <= 0 ? a : b;
}

/* Seconds until the hard end of a Child SA's lifetime. */
static double child_remaining(const struct child_sa *child)
{
	double left = child->established + child_conn(child)->salifetime - pluto_now();
	return left > 0.1 ? left : 0.1;
}

/* Our rekey of OLD_SERIAL made NEW.  Without a collision, or when the
 * peer's crossing exchange holds the lowest nonce, the old SA goes (we
 * initiated, we delete it).  When ours holds it, ours loses (§2.8.1): we
 * delete NEW, and the peer, whose exchange won, deletes the old SA;
 * should it not, the old SA expires at the end of its lifetime.  The
 * collision is recorded on NEW: the peer's DELETE of the old SA may come
 * before our response does. */
static void rekey_done(struct ike_sa *ike, unsigned old_serial, struct child_sa *new, struct bytes ours_low)
{
	struct child_sa *old = child_by_serial(ike, old_serial);
	bool lost = new->crossed_by != 0 && nonce_cmp(ours_low, chunk_bytes(new->crossed_low)) < 0;
	if (new->crossed_by != 0)
		conn_log(ike->conn, "#%u: simultaneous rekey of Child SA #%u: ours (#%u) %s, the peer's (#%u) %s",
			 ike->serialno, old_serial, new->serialno, lost ? "loses" : "wins",
			 new->crossed_by, lost ? "stays" : "is the peer's to delete");
	new->crossed_by = 0;
	chunk_free(&new->crossed_low);
	if (!lost) {
		if (old != NULL)
			send_replaced_delete(ike, old);
		return;
	}
	send_replaced_delete(ike, new);
	if (old != NULL) {
		old->rekeying = true;	/* its timer now means expiry, not rekey */
		arm(&old->lifetime_timer, child_remaining(old), child_timer_cb, old);
	}
}

static enum handler_result child_rekey_response(struct ike_sa *ike, struct msg_digest *md)
{
	struct child_sa *pending = ike->pending_child;
	struct connection *pc = pending != NULL ? child_conn(pending) : ike->conn;
	unsigned old_serial = pending != NULL ? pending->replaces : 0;
	unsigned new_serial = pending != NULL ? pending->serialno : 0;
	const struct ikev2_payload *nr_pl = md_first(md, IKEV2_PL_NONCE);
	struct bytes nr = EMPTY_BYTES;
	struct ikev2_error err = { 0 };
	bool ok = false;
	uint16_t error = md_error_notify(md);
	struct secret g_ir = { 0 };
	if (error == 0 && nr_pl != NULL && ikev2_nonce_decode(nr_pl->body, &nr, &err) &&
	    pfs_shared_secret(ike, md, &g_ir)) {
		struct child_nonces n = { chunk_bytes(ike->cc_nonce), nr, true };
		ike->cc_pfs.g_ir = secret_bytes(g_ir);
		ok = child_process_response(ike, md, &n);
		memset(&ike->cc_pfs, 0, sizeof(ike->cc_pfs));
	} else if (pending != NULL) {
		conn_log(pc, "#%u: Child SA %s refused: %s", ike->serialno, old_serial != 0 ? "rekey" : "request",
			 error != 0 ? ikev2_notify_name(error) : "no Nr");
		child_sa_free(pending);
	}
	secret_free(&g_ir);
	dh_keypair_free(&ike->cc_dh);
	struct child_sa *old = child_by_serial(ike, old_serial);
	if (old != NULL)
		old->rekeying = false;
	struct child_sa *new = ok ? child_by_serial(ike, new_serial) : NULL;
	if (pending != NULL && old_serial == 0) {
		conn_done(pc, new != NULL);	/* an additional Child SA: whack --up waits */
		ikev2_start_shared_children(ike);
	}
	if (new != NULL && old != NULL && old->delete_queued) {
		/* taken down (--down) while the rekey was in flight: the new SA
		 * goes too; the old one's DELETE follows (its timer) */
		conn_log(pc, "#%u: Child SA #%u was taken down meanwhile: deleting its replacement #%u",
			 ike->serialno, old_serial, new->serialno);
		send_replaced_delete(ike, new);
	} else if (new != NULL) {
		rekey_done(ike, old_serial, new, lower_nonce(chunk_bytes(ike->cc_nonce), nr));
	} else if (old != NULL && old->delete_queued) {
		/* nothing to try again: its DELETE is queued */
	} else if (old != NULL && error == IKEV2_N_INVALID_KE_PAYLOAD) {
		pfs_retry(ike, md, old);
	} else if (old != NULL && error == IKEV2_N_TEMPORARY_FAILURE) {
		double left = child_remaining(old);
		old->rekey_wanted = left > TEMPFAIL_RETRY;	/* else it expires */
		arm(&old->lifetime_timer, left < TEMPFAIL_RETRY ? left : TEMPFAIL_RETRY, child_timer_cb, old);
	}
	return HANDLER_OK;	/* the IKE SA stays up either way */
}

/* --- IKE SA rekey: initiator ------------------------------------------- */

static void emit_ke(struct msg_builder *mb, const struct dh_keypair *kp)
{
	mb_ke(mb, dh_keypair_group(kp)->id, dh_keypair_public(kp));
}

void ikev2_rekey_ike(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	if (ike->window.request_outstanding || ike->rekeyed_by != NULL) {
		/* the lifetime timer tries again shortly */
		ike_sa_schedule(ike, BUSY_RETRY);
		return;
	}
	struct ike_sa *next = ike_sa_new(c, true);
	if (next == NULL) {
		ike_sa_schedule(ike, BUSY_RETRY);	/* logged; try again */
		return;
	}
	struct crypto_error err = { 0 };
	uint16_t group = ike->algs.dh != NULL ? ike->algs.dh->id : proposals_first_dh(&c->ike);
	if (!dh_keypair_new(dh_by_id(group), &next->dh, &err)) {
		log_error("\"%s\" #%u: IKE rekey: %s", c->name, ike->serialno, err.reason);
		ike_sa_free(next);
		return;
	}
	next->local = ike->local;
	next->remote = ike->remote;
	next->ni = fresh_nonce();
	ike_sa_set_rekey(ike, next);
	static struct ikev2_sa sa;
	proposals_to_sa(&c->ike, true, BYTES(next->spi_i.bytes, IKE_SPI_SIZE), &sa);
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_CREATE_CHILD_SA, false, 0, true);
	mb_sa(&mb, &sa);
	mb_nonce(&mb, chunk_bytes(next->ni));
	emit_ke(&mb, next->dh);
	/* RFC 5723 §4.1: a rekey the client starts may ask for a new ticket */
	resume_emit_ticket_request(next, &mb);
	conn_log(c, "#%u: rekeying the IKE SA (new #%u)", ike->serialno, next->serialno);
	if (!ikev2_send_request(ike, &mb))
		ike_sa_free(next);	/* unlinks it */
}

static void move_children(struct ike_sa *from, struct ike_sa *to)
{
	while (from->children != NULL) {
		struct child_sa *c = from->children;
		from->children = c->next;
		c->ike = to;
		c->next = to->children;
		to->children = c;
	}
}

/* Both roles: keys of the new IKE SA, its Child SAs, and the old SA's end
 * (the rekey's initiator deletes it, RFC 7296 §1.3.2).  In a collision
 * (§2.8.2) the responder leaves the Child SAs on the old SA until the
 * nonces have decided which new SA gets them. */
static bool adopt(struct ike_sa *old, struct ike_sa *next, struct bytes g_ir, bool take_children)
{
	struct crypto_error err = { 0 };
	struct secret skeyseed = { 0 };
	/* §2.18: the old SA's PRF makes SKEYSEED, the new SA's the keys */
	bool ok = ikev2_skeyseed_rekey(old->algs.prf, secret_bytes(old->keys.sk_d), g_ir,
				       chunk_bytes(next->ni), chunk_bytes(next->nr), &skeyseed, &err) &&
		  ikev2_install_keys(next, secret_bytes(skeyseed), &err);
	secret_free(&skeyseed);
	if (!ok) {
		log_error("\"%s\" #%u: IKE rekey keys: %s", old->conn->name, next->serialno, err.reason);
		return false;
	}
	dh_keypair_free(&next->dh);
	next->id_local = chunk_clone(chunk_bytes(old->id_local));
	next->id_remote = chunk_clone(chunk_bytes(old->id_remote));
	next->auth_method = old->auth_method;
	next->nat_us = old->nat_us;
	next->nat_peer = old->nat_peer;
	next->peer_fragmentation = old->peer_fragmentation;	/* negotiated once, in IKE_SA_INIT */
	if (ike_sa_peer_indexed(old))
		ike_sa_index_peer(next);	/* a later resume must find it */
	if (take_children)
		move_children(old, next);
	next->established = pluto_now();
	ike_sa_set_state(next, IKE_ESTABLISHED);
	ikev2_ike_sa_established(next);
	ikev2_state_entered(next);
	conn_log(old->conn, "#%u: IKE SA rekeyed: #%u replaces #%u", next->serialno, next->serialno,
		 old->serialno);
	return true;
}

static void ask_for_ticket(struct ike_sa *ike)
{
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_INFORMATIONAL, false, 0, true);
	resume_emit_ticket_request(ike, &mb);
	if (ike->ticket_requested)
		ikev2_send_request(ike, &mb);
}

static bool peer_ke(const struct msg_digest *md, struct ikev2_ke *ke, struct bytes *nonce)
{
	const struct ikev2_payload *ke_pl = md_first(md, IKEV2_PL_KE);
	const struct ikev2_payload *n_pl = md_first(md, IKEV2_PL_NONCE);
	struct ikev2_error err = { 0 };
	return ke_pl != NULL && n_pl != NULL && ikev2_ke_decode(ke_pl->body, ke, &err) &&
	       ikev2_nonce_decode(n_pl->body, nonce, &err);
}

/* RFC 7296 §2.8.2: the peer rekeyed the same IKE SA while we did; both
 * new SAs are up.  The exchange holding the lowest of the four nonces
 * loses: when that is ours, the Child SAs go to the peer's new SA and we
 * delete ours, leaving the old SA to the winner.  Else they come to ours,
 * and we delete the peer's new SA too: the peer should, but our DELETE of
 * the old SA may reach it before its response does, and then its exchange
 * never ends there.  True when ours lost. */
/* The peer deletes an IKE SA whose rekey crossed ours: it won (§2.8.2)
 * and its new SA, the one we answered, takes the Child SAs. */
void ikev2_rekey_inherit(struct ike_sa *old)
{
	struct ike_sa *ours = old->rekeyed_by;
	struct ike_sa *theirs = ours != NULL && ours->crossed_by != 0 ? ike_sa_by_serial(ours->crossed_by) : NULL;
	if (theirs == NULL || theirs->state != IKE_ESTABLISHED)
		return;
	conn_log(old->conn, "#%u: simultaneous IKE SA rekey: the peer's (#%u) won, it takes the Child SAs",
		 old->serialno, theirs->serialno);
	move_children(old, theirs);
	old->conn->newest_ike = theirs;
}

static bool ike_rekey_collision(struct ike_sa *ours)
{
	if (ours->crossed_by == 0)
		return false;
	struct ike_sa *theirs = ike_sa_by_serial(ours->crossed_by);
	if (theirs == NULL || theirs->state != IKE_ESTABLISHED) {
		/* the peer found it lost first and deleted its SA */
		conn_log(ours->conn, "#%u: simultaneous IKE SA rekey: ours (#%u) wins, the peer's (#%u) is gone",
			 ours->serialno, ours->serialno, ours->crossed_by);
		ours->crossed_by = 0;
		chunk_free(&ours->crossed_low);
		return false;
	}
	struct bytes low = lower_nonce(chunk_bytes(ours->ni), chunk_bytes(ours->nr));
	bool lost = nonce_cmp(low, chunk_bytes(ours->crossed_low)) < 0;
	conn_log(ours->conn, "#%u: simultaneous IKE SA rekey: ours (#%u) %s, the peer's (#%u) %s", ours->serialno,
		 ours->serialno, lost ? "loses" : "wins", theirs->serialno,
		 lost ? "stays" : "goes");
	ours->crossed_by = 0;
	chunk_free(&ours->crossed_low);
	if (!lost) {
		move_children(theirs, ours);
		ours->conn->newest_ike = ours;
		ikev2_delete_ike_sa(theirs);
		return false;
	}
	move_children(ours, theirs);
	ours->conn->newest_ike = theirs;
	ikev2_delete_ike_sa(ours);
	return true;
}

static enum handler_result ike_rekey_response(struct ike_sa *ike, struct msg_digest *md)
{
	struct ike_sa *next = ike->rekeyed_by;
	struct connection *c = ike->conn;
	ike_sa_set_rekey(ike, NULL);
	const struct ikev2_payload *sa_pl = md_first(md, IKEV2_PL_SA);
	static struct ikev2_sa sa, echo;
	struct ikev2_error err = { 0 };
	struct ikev2_ke ke;
	struct bytes nr;
	struct ike_algs algs;
	struct secret g_ir = { 0 };
	struct crypto_error cerr = { 0 };
	if (sa_pl == NULL || !peer_ke(md, &ke, &nr) || !ikev2_sa_decode(sa_pl->body, &sa, &err) ||
	    !proposals_sa_is_single(&sa) || sa.proposals[0].spi_size != IKE_SPI_SIZE ||
	    !proposals_select_ike(&sa, &c->ike, ke.group, &algs, &echo) ||
	    algs.dh->id != dh_keypair_group(next->dh)->id ||
	    !dh_shared_secret(next->dh, ke.data, &g_ir, &cerr)) {
		uint16_t error = md_error_notify(md);
		conn_log(c, "#%u: IKE SA rekey failed (%s)", ike->serialno,
			 error != 0 ? ikev2_notify_name(error) : "unusable response");
		ike_sa_free(next);
		/* the old SA lives on: asked again later, or it expires */
		double end = ike->established + c->ikelifetime - pluto_now();
		ike_sa_schedule(ike, error == IKEV2_N_TEMPORARY_FAILURE && end > TEMPFAIL_RETRY ? TEMPFAIL_RETRY
				: end > 0.1 ? end : 0.1);
		return HANDLER_OK;
	}
	next->algs = algs;
	memcpy(next->spi_r.bytes, sa.proposals[0].spi, IKE_SPI_SIZE);
	ike_sa_rehash(next);
	next->nr = chunk_clone(nr);
	bool ok = adopt(ike, next, secret_bytes(g_ir), true);
	secret_free(&g_ir);
	if (!ok) {
		ike_sa_free(next);
		return HANDLER_OK;
	}
	/* RFC 5723 §6.2: the rekey invalidates the old ticket */
	resume_forget_ticket(c, ike);
	resume_process_ticket_response(next, md);
	if (ike_rekey_collision(next))
		return HANDLER_OK;	/* lost: the winner deletes the old SA */
	ikev2_delete_ike_sa(ike);
	return HANDLER_DONE;	/* the old SA is now deleting */
}

enum handler_result ikev2_create_child_response(struct ike_sa *ike, struct msg_digest *md)
{
	if (ike->rekeyed_by != NULL)
		return ike_rekey_response(ike, md);
	return child_rekey_response(ike, md);
}

/* --- responder ----------------------------------------------------------- */

/* RFC 7296 §2.21.3: INVALID_SYNTAX in answer to an authenticated request
 * is fatal for the IKE SA in both peers. */
static enum handler_result syntax_error(struct ike_sa *ike, struct msg_digest *md, const char *why)
{
	log_info("\"%s\" #%u: CREATE_CHILD_SA: %s: INVALID_SYNTAX, deleting the IKE SA", ike->conn->name,
		 ike->serialno, why);
	ikev2_send_error_response(ike, md, IKEV2_N_INVALID_SYNTAX, EMPTY_BYTES);
	return HANDLER_FAIL;
}

/* RFC 7296 §2.25: the request collides with an exchange of ours that
 * changes the same SAs; the peer tries again later. */
static enum handler_result temporary_failure(struct ike_sa *ike, struct msg_digest *md, const char *why)
{
	log_info("\"%s\" #%u: CREATE_CHILD_SA: %s: TEMPORARY_FAILURE", ike->conn->name, ike->serialno, why);
	ikev2_send_error_response(ike, md, IKEV2_N_TEMPORARY_FAILURE, EMPTY_BYTES);
	return HANDLER_OK;
}

/* Creating, rekeying or closing a Child SA (§2.25.1): a Child SA exchange
 * of ours is the one request we have outstanding. */
static bool child_exchange_in_flight(const struct ike_sa *ike)
{
	if (ike->pending_child != NULL)
		return true;
	/* a DELETE of ours whose answer the Child SA waits for (deleting):
	 * moved to a new IKE SA it would miss that answer */
	for (const struct child_sa *c = ike->children; c != NULL; c = c->next)
		if (c->rekeying || c->deleting)
			return true;
	return false;
}

static enum handler_result answer_ike_rekey(struct ike_sa *ike, struct msg_digest *md,
					    const struct ikev2_sa *sa)
{
	struct connection *c = ike->conn;
	struct ikev2_ke ke;
	struct bytes ni;
	struct ike_algs algs;
	static struct ikev2_sa chosen;
	if (!peer_ke(md, &ke, &ni) || sa->proposals[0].spi_size != IKE_SPI_SIZE)
		return syntax_error(ike, md, "IKE rekey without KE or Ni, or with a SPI that is not 8 octets");
	if (child_exchange_in_flight(ike))
		return temporary_failure(ike, md, "IKE SA rekey while a Child SA exchange of ours is in flight");
	if (!proposals_select_ike(sa, &c->ike, ke.group, &algs, &chosen)) {
		ikev2_send_error_response(ike, md, IKEV2_N_NO_PROPOSAL_CHOSEN, EMPTY_BYTES);
		return HANDLER_OK;
	}
	if (algs.dh->id != ke.group) {
		uint8_t want[2] = { (uint8_t)(algs.dh->id >> 8), (uint8_t)algs.dh->id };
		ikev2_send_error_response(ike, md, IKEV2_N_INVALID_KE_PAYLOAD, BYTES(want, 2));
		return HANDLER_OK;
	}
	struct ike_sa *next = ike_sa_new(c, false);
	if (next == NULL) {
		ikev2_send_error_response(ike, md, IKEV2_N_TEMPORARY_FAILURE, EMPTY_BYTES);
		return HANDLER_OK;
	}
	struct crypto_error err = { 0 };
	struct secret g_ir = { 0 };
	memcpy(next->spi_i.bytes, chosen.proposals[0].spi, IKE_SPI_SIZE);
	ike_sa_rehash(next);
	next->local = ike->local;
	next->remote = ike->remote;
	next->algs = algs;
	next->ni = chunk_clone(ni);
	next->nr = fresh_nonce();
	if (!dh_keypair_new(algs.dh, &next->dh, &err) || !dh_shared_secret(next->dh, ke.data, &g_ir, &err)) {
		secret_free(&g_ir);
		ike_sa_free(next);
		return syntax_error(ike, md, err.reason != NULL ? err.reason : "IKE rekey: DH failed");
	}
	/* the response carries our new SPI and our KE: build it before the
	 * keys replace the key pair */
	memcpy(chosen.proposals[0].spi, next->spi_r.bytes, IKE_SPI_SIZE);
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_CREATE_CHILD_SA, true, md->hdr.message_id, true);
	mb_sa(&mb, &chosen);
	mb_nonce(&mb, chunk_bytes(next->nr));
	emit_ke(&mb, next->dh);
	bool ok = adopt(ike, next, secret_bytes(g_ir), ike->rekeyed_by == NULL);
	secret_free(&g_ir);
	if (!ok) {
		ike_sa_free(next);
		ikev2_send_error_response(ike, md, IKEV2_N_NO_PROPOSAL_CHOSEN, EMPTY_BYTES);
		return HANDLER_OK;
	}
	resume_answer_ticket_request(next, md, &mb);	/* a ticket for the new SA */
	ikev2_send_response(ike, &mb, md);
	if (ike->rekeyed_by != NULL) {
		/* §2.8.2: ours is in flight; the nonces decide once it is in */
		struct ike_sa *ours = ike->rekeyed_by;
		ours->crossed_by = next->serialno;
		chunk_free(&ours->crossed_low);
		ours->crossed_low = chunk_clone(lower_nonce(chunk_bytes(next->ni), chunk_bytes(next->nr)));
		conn_log(c, "#%u: the peer rekeys the IKE SA while we do (its #%u)", ike->serialno, next->serialno);
	}
	/* RFC 5723 §4.1, §6.2: after a rekey the gateway started, a client's
	 * ticket is void; it asks for a new one on the new SA */
	if (c->ticket != NULL) {
		resume_forget_ticket(c, ike);
		ask_for_ticket(next);
	}
	return HANDLER_OK;	/* the peer deletes the old SA */
}

/* A KEi in the request (PFS, RFC 7296 §1.3.1, §1.3.3): in a group we
 * allow (esp='s, or else the IKE SA's) our KEr and the new g^ir go into
 * ike->cc_pfs; in another, INVALID_KE_PAYLOAD names ours.  false: answered already
 * (*refused says how the handler ends). */
static bool answer_pfs(struct ike_sa *ike, const struct connection *c, struct msg_digest *md, struct dh_keypair **kp, struct secret *g_ir, enum handler_result *refused)
{
	const struct ikev2_payload *ke_pl = md_first(md, IKEV2_PL_KE);
	if (ke_pl == NULL)
		return true;
	struct ikev2_ke ke;
	struct ikev2_error err = { 0 };
	if (!ikev2_ke_decode(ke_pl->body, &ke, &err)) {
		*refused = syntax_error(ike, md, err.reason);
		return false;
	}
	const struct proposals *esp = &c->esp;
	uint16_t ours = child_pfs_group(ike, c);
	bool allowed = proposals_first_dh(esp) != 0 ? proposals_allow_dh(esp, ke.group) : ke.group == ours;
	struct crypto_error cerr = { 0 };
	if (!allowed) {
		log_info("\"%s\" #%u: CREATE_CHILD_SA: KE of group %u: INVALID_KE_PAYLOAD (group %u)",
			 ike->conn->name, ike->serialno, ke.group, ours);
		uint8_t want[2] = { (uint8_t)(ours >> 8), (uint8_t)ours };
		ikev2_send_error_response(ike, md, IKEV2_N_INVALID_KE_PAYLOAD, BYTES(want, 2));
		*refused = HANDLER_OK;
		return false;
	}
	if (!dh_keypair_new(dh_by_id(ke.group), kp, &cerr) || !dh_shared_secret(*kp, ke.data, g_ir, &cerr)) {
		dh_keypair_free(kp);
		secret_free(g_ir);
		*refused = syntax_error(ike, md, cerr.reason != NULL ? cerr.reason : "PFS: D-H failed");
		return false;
	}
	conn_log(ike->conn, "#%u: Child SA request with PFS (DH%u)", ike->serialno, ke.group);
	ike->cc_pfs.g_ir = secret_bytes(*g_ir);
	ike->cc_pfs.ke_group = ke.group;
	ike->cc_pfs.ke_public = dh_keypair_public(*kp);
	return true;
}

/* RFC 7296 §1.3.1: a new Child SA is the IKE SA's own conn's when its
 * selectors fit it, else that of another conn sharing the IKE SA, else
 * the own conn's to refuse (TS_UNACCEPTABLE, NO_PROPOSAL_CHOSEN). */
static struct connection *conn_for_new_child(struct ike_sa *ike, const struct msg_digest *md)
{
	if (child_request_fits(ike->conn, ike, md))
		return ike->conn;
	for (struct connection *c = conn_first(); c != NULL; c = c->next)
		if (c != ike->conn && conn_shares_ike(ike->conn, c) && child_request_fits(c, ike, md))
			return c;
	return ike->conn;
}

static enum handler_result answer_child(struct ike_sa *ike, struct msg_digest *md)
{
	const struct ikev2_payload *ni_pl = md_first(md, IKEV2_PL_NONCE);
	struct bytes ni;
	struct ikev2_error err = { 0 };
	if (ni_pl == NULL || !ikev2_nonce_decode(ni_pl->body, &ni, &err))
		return syntax_error(ike, md, ni_pl == NULL ? "no Ni" : err.reason);
	struct child_sa *old = NULL;
	struct ikev2_notify rekey;
	if (md_notify(md, IKEV2_N_REKEY_SA, &rekey)) {
		uint32_t spi = 0;
		if (rekey.spi.len == 4)
			memcpy(&spi, rekey.spi.ptr, 4);
		old = child_by_spi_out(ike, spi);
		if (old == NULL) {
			/* RFC 7296 §3.10.1: the notify names the SA it did not find */
			log_info("\"%s\" #%u: CREATE_CHILD_SA: REKEY_SA for an unknown Child SA: "
				 "CHILD_SA_NOT_FOUND", ike->conn->name, ike->serialno);
			static struct msg_builder nf;
			mb_init(&nf, ike, IKEV2_EXCH_CREATE_CHILD_SA, true, md->hdr.message_id, true);
			mb_notify(&nf, rekey.protocol, rekey.spi, IKEV2_N_CHILD_SA_NOT_FOUND, EMPTY_BYTES);
			ikev2_send_response(ike, &nf, md);
			return HANDLER_OK;
		}
		/* §2.25.1: one we are closing is not rekeyed */
		if (old->deleting || old->delete_queued)
			return temporary_failure(ike, md, "REKEY_SA for a Child SA being deleted");
	}
	struct chunk nr = fresh_nonce();
	struct child_nonces n = { ni, chunk_bytes(nr), true };
	struct dh_keypair *kp = NULL;
	struct secret g_ir = { 0 };
	enum handler_result refused;
	struct connection *c = old != NULL ? child_conn(old) : conn_for_new_child(ike, md);
	if (!answer_pfs(ike, c, md, &kp, &g_ir, &refused)) {
		chunk_free(&nr);
		return refused;
	}
	static struct msg_builder mb;
	mb_init(&mb, ike, IKEV2_EXCH_CREATE_CHILD_SA, true, md->hdr.message_id, true);
	struct child_sa *ours = ike->pending_child;
	struct child_sa *made = child_answer_request(ike, c, md, &mb, &n, old);
	memset(&ike->cc_pfs, 0, sizeof(ike->cc_pfs));
	if (made != NULL && old != NULL && ours != NULL && ours->replaces == old->serialno) {
		/* §2.8.1: ours and the peer's cross; the nonces decide once
		 * our response is in */
		ours->crossed_by = made->serialno;
		chunk_free(&ours->crossed_low);
		ours->crossed_low = chunk_clone(lower_nonce(ni, chunk_bytes(nr)));
		conn_log(ike->conn, "#%u: the peer rekeys Child SA #%u while we do (its #%u)", ike->serialno,
			 old->serialno, made->serialno);
	}
	chunk_free(&nr);
	secret_free(&g_ir);
	dh_keypair_free(&kp);
	ikev2_send_response(ike, &mb, md);
	return HANDLER_OK;
}

enum handler_result ikev2_create_child_request(struct ike_sa *ike, struct msg_digest *md)
{
	if (ike->state == IKE_DELETING)
		return temporary_failure(ike, md, "the IKE SA is being deleted");
	const struct ikev2_payload *sa_pl = md_first(md, IKEV2_PL_SA);
	static struct ikev2_sa sa;
	struct ikev2_error err = { 0 };
	if (sa_pl == NULL || !ikev2_sa_decode(sa_pl->body, &sa, &err) || sa.nproposals == 0)
		return syntax_error(ike, md, err.reason[0] != '\0' ? err.reason : "no SA payload");
	if (sa.proposals[0].protocol == IKEV2_PROTO_IKE)
		return answer_ike_rekey(ike, md, &sa);
	if (ike->rekeyed_by != NULL)
		return temporary_failure(ike, md, "Child SA request while we rekey the IKE SA");
	return answer_child(ike, md);
}
