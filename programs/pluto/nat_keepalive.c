/* NAT-keepalives (nat_keepalive.h). */
#include <event2/event.h>

#include "connections.h"
#include "log.h"
#include "nat_keepalive.h"
#include "pluto.h"
#include "server.h"
#include "state.h"

static void arm(struct ike_sa *ike)
{
	double s = pluto_options.keep_alive;
	struct timeval tv = { .tv_sec = (time_t)s,
			      .tv_usec = (suseconds_t)((s - (double)(time_t)s) * 1e6) };
	evtimer_add(ike->keepalive_timer, &tv);
}

static void keepalive_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct ike_sa *ike = arg;
	if (ike->state != IKE_ESTABLISHED)
		return;
	/* the mapping the SA uses now: it follows the peer (ikev2_nat_follow) */
	if (server_send_nat_keepalive(&ike->local, &ike->remote))
		log_debug("\"%s\" #%u: NAT-keepalive sent", ike->conn->name, ike->serialno);
	arm(ike);
}

void nat_keepalive_start(struct ike_sa *ike)
{
	if (!ike->nat_us || !ike->conn->nat_keepalive || pluto_options.keep_alive <= 0 ||
	    ike->local.port != pluto_options.nattport)
		return;
	if (ike->keepalive_timer == NULL)
		ike->keepalive_timer = evtimer_new(pluto_event_base, keepalive_cb, ike);
	if (ike->keepalive_timer == NULL || evtimer_pending(ike->keepalive_timer, NULL))
		return;
	conn_log(ike->conn, "#%u: behind a NAT: NAT-keepalives every %gs", ike->serialno,
		 pluto_options.keep_alive);
	arm(ike);
}
