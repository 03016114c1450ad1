/* IKE SA life cycle (ike_sa_life.h). */
#include <string.h>

#include <event2/event.h>

#include "connections.h"
#include "ike_sa_life.h"
#include "ikev2_child_sa.h"
#include "ikev2_exchanges.h"
#include "ikev2_resume.h"
#include "ikev2_states.h"
#include "log.h"
#include "nat_keepalive.h"
#include "pluto.h"
#include "resume_ticket.h"
#include "state.h"

static void sa_timer_cb(evutil_socket_t fd, short what, void *arg);

void ike_sa_schedule(struct ike_sa *ike, double seconds)
{
	if (ike->lifetime_timer == NULL)
		ike->lifetime_timer = evtimer_new(pluto_event_base, sa_timer_cb, ike);
	struct timeval tv = { .tv_sec = (time_t)seconds,
			      .tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6) };
	evtimer_add(ike->lifetime_timer, &tv);
}

/* One timer per SA: what it means depends on the state. */
static void sa_timer_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ike_sa *ike = arg;
	const struct state_timeout *t = ikev2_state_timeout(ike->state);
	if (t->seconds > 0) {
		log_info("\"%s\" #%u: no %s within %.0fs: dropping half-open IKE SA", ike->conn->name,
			 ike->serialno, t->what, t->seconds);
		ike_sa_drop(ike);
		return;
	}
	if (ike->state == IKE_ESTABLISHED) {
		if (ike_sa_should_rekey(ike) && pluto_now() < ike->established + ike->conn->ikelifetime) {
			ikev2_rekey_ike(ike);
			return;
		}
		conn_log(ike->conn, "#%u: IKE SA lifetime expired: deleting", ike->serialno);
		ikev2_delete_ike_sa(ike);
	}
}

/* dpddelay=: probe a peer we have not heard from for that long.  An
 * unanswered probe ends in ikev2_request_timeout() and dpdaction=. */
static void liveness_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ike_sa *ike = arg;
	struct connection *c = ike->conn;
	if (ike->state != IKE_ESTABLISHED || c->dpd_delay <= 0)
		return;
	double idle = pluto_now() - ike->last_contact;
	if (idle >= c->dpd_delay && !ike->window.request_outstanding)
		ikev2_send_liveness(ike);
	double next = idle >= c->dpd_delay ? c->dpd_delay : c->dpd_delay - idle;
	struct timeval tv = { .tv_sec = (time_t)next,
			      .tv_usec = (suseconds_t)((next - (double)(time_t)next) * 1e6) };
	evtimer_add(ike->liveness_timer, &tv);
}

static void start_liveness(struct ike_sa *ike)
{
	if (ike->conn->dpd_delay <= 0)
		return;
	if (ike->liveness_timer == NULL)
		ike->liveness_timer = evtimer_new(pluto_event_base, liveness_cb, ike);
	struct timeval tv = { .tv_sec = (time_t)ike->conn->dpd_delay };
	evtimer_add(ike->liveness_timer, &tv);
}

/* The original initiator renews the IKE SA (RFC 7296 §2.8); the
 * responder lets it expire if that never happens. */
bool ike_sa_should_rekey(const struct ike_sa *ike)
{
	return ike->original_initiator && ike->conn->rekey;
}

/* Seconds before the end of a lifetime to start a rekey. */
double rekey_lead(const struct connection *c, double lifetime)
{
	double margin = c->rekey_margin;
	return margin < lifetime / 2 ? margin : lifetime / 2;
}

void ikev2_state_entered(struct ike_sa *ike)
{
	const struct state_timeout *t = ikev2_state_timeout(ike->state);
	struct connection *c = ike->conn;
	if (t->seconds > 0) {
		ike_sa_schedule(ike, t->seconds);
	} else if (ike->state == IKE_ESTABLISHED && c->ikelifetime > 0) {
		/* counted from establishment: exchanges on the SA do not move it */
		double end = ike->established + c->ikelifetime;
		if (ike_sa_should_rekey(ike))
			end -= rekey_lead(c, c->ikelifetime);
		double in = end - pluto_now();
		ike_sa_schedule(ike, in > 0.1 ? in : 0.1);
	}
	else if (ike->lifetime_timer != NULL)
		evtimer_del(ike->lifetime_timer);
}

/* RFC 5723 §4.3.4 and uniqueness of a peer: an older IKE SA of the same
 * connection and peer ID is removed without a DELETE.  Called once the
 * peer's AUTH verified, before the new Child SA takes over the old one's
 * traffic selectors. */
void ikev2_replace_older(struct ike_sa *ike)
{
	/* responders index their authenticated peers; each peer has at most
	 * one indexed SA, so this is one lookup, not a scan of every SA */
	struct ike_sa *old;
	while ((old = ike_sa_same_peer(ike)) != NULL) {
		conn_log(ike->conn, "#%u: replaces #%u of the same peer (deleted silently)",
			 ike->serialno, old->serialno);
		ike_sa_drop(old);
	}
	ike_sa_index_peer(ike);
}

void ikev2_ike_sa_established(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	ike->last_contact = pluto_now();
	c->newest_ike = ike;
	c->suspended = false;
	start_liveness(ike);
	char algs[128];
	conn_log(c, "#%u: IKE SA established%s (%s)", ike->serialno,
		 ike->resumed ? " by session resumption" : "", ike_algs_str(&ike->algs, algs, sizeof(algs)));
	nat_keepalive_start(ike);
}

/* The peer stopped answering an established SA.  restart (initiator
 * only) brings the connection back, by resumption when a valid ticket is
 * held: the failed-gateway case RFC 5723 exists for. */
static void peer_dead(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	bool restart = c->dpd_action == DPD_RESTART && ike->original_initiator && c->newest_ike == ike;
	conn_log(c, "#%u: peer is not answering: IKE SA and its Child SAs removed (dpdaction=%s)",
		 ike->serialno, c->dpd_action == DPD_RESTART ? "restart" : c->dpd_action == DPD_HOLD ? "hold" : "clear");
	if (!restart && ike->original_initiator && c->newest_ike == ike)
		resume_forget_ticket(c, ike);
	ike_sa_drop(ike);
	if (!restart)
		return;
	if (resume_ticket_valid(c->ticket, pluto_wallclock()))
		ikev2_initiate_resume(c);
	else
		ikev2_initiate(c);
}

void ikev2_request_timeout(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	switch (ike->state) {
	case IKE_RESUME_I:
		resume_fallback(ike);	/* full IKE_SA_INIT instead */
		return;
	case IKE_SA_INIT_I:
	case IKE_AUTH_I:
		conn_log(c, "#%u: no answer from the peer: giving up", ike->serialno);
		conn_done(c, false);
		break;
	case IKE_ESTABLISHED:
		peer_dead(ike);		/* dpdaction= */
		return;
	default:
		break;
	}
	ike_sa_drop(ike);
}

void ike_sa_drop(struct ike_sa *ike)
{
	struct connection *c = ike->conn;
	for (struct child_sa *child = ike->children; child != NULL; child = child->next)
		kernel_child_uninstall(child);
	if (c != NULL && c->newest_ike == ike)
		c->newest_ike = NULL;
	/* the connection's ticket stays: deleting the SA (ikev2_delete_ike_sa,
	 * a DELETE from the peer, dpdaction=clear) forgets it explicitly */
	ike_sa_free(ike);
}
