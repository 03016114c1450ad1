/* Connections with a host name for the remote end (conn_resolve.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn_resolve.h"
#include "connections.h"
#include "dns.h"
#include "ikev2_exchanges.h"
#include "log.h"
#include "whack_msg.h"
#include "whack_server.h"

struct conn_resolve {
	struct dns_lookup *lookup;	/* NULL once resolved */
	bool initiate;			/* initiate once the address is known */
	bool failed;			/* the last attempt failed */
	char why[160];			/* its reason, for status */
	bool secure;			/* resolved with DNSSEC validation */
};

static const char *dnssec_str(bool secure)
{
	return !dns_validating() ? "not validated" : secure ? "secure" : "insecure";
}

static void use_address(struct connection *c, const ip_address *addr)
{
	struct end *e = &c->remote;
	e->host = *addr;
	if (!e->has_client)
		e->client = subnet_from_address(addr);
	if (e->id_from_host) {
		ike_id_free(&e->id);
		e->id = ike_id_from_address(addr);
	}
}

static void resolved(struct connection *c, const struct dns_answer *a)
{
	struct conn_resolve *r = c->resolve;
	char addr[ADDRESS_STR_LEN];
	r->lookup = NULL;	/* dns.c frees it after this call */
	r->failed = false;
	r->secure = a->secure;
	use_address(c, &a->addrs[0]);
	conn_log(c, "%s resolved to %s (DNSSEC: %s)", c->remote.hostname,
		 address_str(&a->addrs[0], addr, sizeof(addr)), dnssec_str(a->secure));
	if (!r->initiate)
		return;
	r->initiate = false;
	if (!ikev2_initiate(c))
		conn_done(c, false);
}

static void on_lookup(struct dns_lookup *l, const struct dns_answer *a, unsigned attempt,
		      double retry_in, void *arg)
{
	struct connection *c = arg;
	struct conn_resolve *r = c->resolve;
	if (a->outcome == DNS_OK) {
		resolved(c, a);
		return;
	}
	r->failed = true;
	snprintf(r->why, sizeof(r->why), "%s", a->why);
	conn_log(c, "cannot resolve %s: %s (attempt %u); retrying in %.0fs", c->remote.hostname,
		 a->why, attempt, retry_in);
	if (c->waiter != NULL) {
		/* a waiting --initiate gets its answer now */
		r->initiate = false;
		conn_done(c, false);
	}
}

void conn_resolve_start(struct connection *c)
{
	if (c->remote.hostname == NULL || address_is_set(&c->remote.host))
		return;
	struct conn_resolve *r = xzalloc(sizeof(*r));
	c->resolve = r;
	/* the peer must be reachable from the local end's family */
	r->lookup = dns_lookup_start(c->remote.hostname, c->local.host.family, on_lookup, c);
	if (r->lookup == NULL) {
		r->failed = true;
		snprintf(r->why, sizeof(r->why), "no resolver (see the log)");
		conn_log(c, "cannot resolve %s: no resolver", c->remote.hostname);
		return;
	}
	conn_log(c, "resolving %s", c->remote.hostname);
}

bool conn_resolve_pending(const struct connection *c)
{
	return c->remote.hostname != NULL && !address_is_set(&c->remote.host);
}

bool conn_resolve_initiate(struct connection *c, struct whack_conn *w, bool async)
{
	struct conn_resolve *r = c->resolve;
	if (r == NULL || r->lookup == NULL) {
		whack_err(w, "\"%s\": cannot initiate: %s did not resolve: %s", c->name, c->remote.hostname,
			  r != NULL ? r->why : "no lookup");
		whack_end(w, WHACK_STATUS_FAILED);
		return true;
	}
	r->initiate = true;
	whack_out(w, "\"%s\": waiting for %s to resolve", c->name, c->remote.hostname);
	dns_lookup_retry_now(r->lookup);
	if (async) {
		whack_end(w, WHACK_STATUS_OK);
		return true;
	}
	if (c->waiter != NULL && c->waiter != w)
		whack_end(c->waiter, WHACK_STATUS_OK);
	c->waiter = w;
	return false;
}

void conn_resolve_free(struct connection *c)
{
	if (c->resolve == NULL)
		return;
	dns_lookup_cancel(c->resolve->lookup);
	free(c->resolve);
	c->resolve = NULL;
}

const char *conn_resolve_status(const struct connection *c, char *buf, size_t len)
{
	const struct conn_resolve *r = c->resolve;
	if (c->remote.hostname == NULL)
		return NULL;
	char addr[ADDRESS_STR_LEN];
	if (address_is_set(&c->remote.host))
		snprintf(buf, len, "dns: %s resolved to %s (DNSSEC: %s)", c->remote.hostname,
			 address_str(&c->remote.host, addr, sizeof(addr)), dnssec_str(r != NULL && r->secure));
	else if (r != NULL && r->failed)
		snprintf(buf, len, "dns: %s: resolving failed: %s; retrying%s", c->remote.hostname, r->why,
			 r->initiate ? ", then initiating" : "");
	else
		snprintf(buf, len, "dns: %s: resolving%s", c->remote.hostname,
			 r != NULL && r->initiate ? ", then initiating" : "");
	return buf;
}
