/* Connections (connections.h). */
#include <ifaddrs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cert_cache.h"
#include "conn_resolve.h"
#include "connections.h"
#include "ikev2_cert.h"
#include "log.h"
#include "resume_ticket.h"
#include "whack_msg.h"
#include "whack_server.h"

static struct connection *connections;

/* Is a one of this host's (this namespace's) addresses? */
static bool address_is_local(const ip_address *a)
{
	struct ifaddrs *ifa_list;
	if (!address_is_set(a) || getifaddrs(&ifa_list) != 0)
		return false;
	bool found = false;
	for (struct ifaddrs *ifa = ifa_list; ifa != NULL && !found; ifa = ifa->ifa_next) {
		ip_endpoint ep;
		if (ifa->ifa_addr == NULL)
			continue;
		socklen_t len = ifa->ifa_addr->sa_family == AF_INET ? sizeof(struct sockaddr_in)
								     : sizeof(struct sockaddr_in6);
		if ((ifa->ifa_addr->sa_family == AF_INET || ifa->ifa_addr->sa_family == AF_INET6) &&
		    endpoint_from_sockaddr(ifa->ifa_addr, len, &ep))
			found = address_eq(&ep.addr, a);
	}
	freeifaddrs(ifa_list);
	return found;
}

static void end_from_config(struct end *e, const struct conn_end *ce)
{
	memset(e, 0, sizeof(*e));
	if (ce->host.kind == HOST_ADDRESS)
		e->host = ce->host.addr;
	if (ce->host.kind == HOST_NAME && ce->host.name != NULL)
		e->hostname = xstrdup(ce->host.name);
	e->has_client = address_is_set(&ce->subnet.addr);
	e->client = e->has_client ? ce->subnet : subnet_from_address(&e->host);
	e->protocol = ce->protoport.proto;
	e->port = ce->protoport.port;
	if (ike_id_is_set(&ce->id))
		e->id = ike_id_clone(&ce->id);
	else if (address_is_set(&e->host))
		e->id = ike_id_from_address(&e->host);
	else
		e->id = (struct ike_id){ .type = IKE_ID_ANY };
	e->id_from_host = !ike_id_is_set(&ce->id);
}

static void end_free(struct end *e)
{
	free(e->hostname);
	free(e->cert);
	ike_id_free(&e->id);
}

struct connection *conn_from_config(const struct conn_config *cfg, const char **why)
{
	static char reason[256];
	const struct conn_end *local = &cfg->left, *remote = &cfg->right;
	bool left_local = cfg->left.host.kind == HOST_ADDRESS && address_is_local(&cfg->left.host.addr);
	bool right_local = cfg->right.host.kind == HOST_ADDRESS && address_is_local(&cfg->right.host.addr);
	if (right_local && !left_local) {
		local = &cfg->right;
		remote = &cfg->left;
	} else if (!left_local) {
		/* a name is only ever the remote end: orienting a conn must not wait for DNS */
		*why = cfg->left.host.kind == HOST_NAME || cfg->right.host.kind == HOST_NAME
			? "a host name is resolved for the remote end only: the other end must be an address of this host"
			: "neither left= nor right= is an address of this host";
		return NULL;
	}
	if ((cfg->authby & (AUTHBY_NULL | AUTHBY_NEVER)) != 0) {
		*why = "authby=null and authby=never are not supported";
		return NULL;
	}
	struct connection *c = xzalloc(sizeof(*c));
	c->name = xstrdup(cfg->name);
	end_from_config(&c->local, local);
	end_from_config(&c->remote, remote);
	c->authby = cfg->authby;
	const char *cert_why = cert_conn_setup(c, local, remote, cfg->authby);
	if (cert_why != NULL) {
		*why = cert_why;
		conn_delete(c);
		return NULL;
	}
	c->transport = cfg->type == CONN_TRANSPORT;
	c->autostart = cfg->autostart;
	c->ikelifetime = cfg->ikelifetime_s;
	c->salifetime = cfg->salifetime_s;
	c->rekey = cfg->rekey;
	c->pfs = cfg->pfs;
	c->rekey_margin = cfg->rekeymargin_s;
	c->retransmit.interval = cfg->retransmit_interval_ms / 1000.0;
	c->retransmit.timeout = cfg->retransmit_timeout_s;
	c->retransmit.max_delay = 32;
	c->dpd_delay = cfg->dpddelay_s;
	c->dpd_timeout = cfg->dpdtimeout_s;
	c->dpd_action = cfg->dpdaction;
	c->nat_keepalive = cfg->nat_keepalive;
	c->fragmentation = cfg->fragmentation;
	c->session_resumption = cfg->session_resumption;
	/* RFC 5723 §6.2: a ticket must not outlive the IKE SA's re-authentication period */
	c->ticket_lifetime = cfg->ticket_lifetime_s;
	if (c->ticket_lifetime <= 0 || c->ticket_lifetime > c->ikelifetime)
		c->ticket_lifetime = c->ikelifetime;
	c->resume_auth = cfg->session_resumption_auth;
	const char *err = proposals_parse(cfg->ike != NULL ? cfg->ike : DEFAULT_IKE_PROPOSALS, true,
					  &c->ike, reason, sizeof(reason));
	if (err == NULL)
		err = proposals_parse(cfg->esp != NULL ? cfg->esp : DEFAULT_ESP_PROPOSALS, false,
				      &c->esp, reason, sizeof(reason));
	if (err != NULL) {
		*why = reason;
		conn_delete(c);
		return NULL;
	}
	return c;
}

void conn_add(struct connection *c)
{
	c->next = connections;
	connections = c;
}

struct connection *conn_by_name(const char *name)
{
	for (struct connection *c = connections; c != NULL; c = c->next)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

struct connection *conn_first(void)
{
	return connections;
}

void conn_delete(struct connection *c)
{
	for (struct connection **pp = &connections; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	if (c->waiter != NULL)
		whack_end(c->waiter, WHACK_STATUS_FAILED);
	conn_resolve_free(c);
	cert_local_set(c, NULL);
	if (c->ticket != NULL)
		resume_ticket_free(c->ticket);
	resume_ticket_free(c->replay_ticket);
	end_free(&c->local);
	end_free(&c->remote);
	free(c->name);
	free(c);
}

void conn_delete_all(void)
{
	while (connections != NULL)
		conn_delete(connections);
}

/* An end given by name matches nothing until it has resolved. */
static bool host_matches(const struct end *e, const ip_address *a)
{
	if (!address_is_set(&e->host))
		return e->hostname == NULL;
	return address_eq(&e->host, a);
}

struct connection *conn_find_for_init(const ip_endpoint *local, const ip_endpoint *remote)
{
	struct connection *wildcard = NULL;
	for (struct connection *c = connections; c != NULL; c = c->next) {
		if (!host_matches(&c->local, &local->addr) || !host_matches(&c->remote, &remote->addr))
			continue;
		if (address_is_set(&c->remote.host))
			return c;
		if (wildcard == NULL)
			wildcard = c;
	}
	return wildcard;
}

struct connection *conn_find_for_ids(const ip_endpoint *local, const ip_endpoint *remote,
				     const struct ike_id *peer_id, const struct ike_id *our_id)
{
	return conn_find_for_ids_where(local, remote, peer_id, our_id, NULL, NULL);
}

struct connection *conn_find_for_ids_where(const ip_endpoint *local, const ip_endpoint *remote,
					   const struct ike_id *peer_id, const struct ike_id *our_id,
					   bool (*fits)(const struct connection *c, void *arg), void *arg)
{
	struct connection *wildcard = NULL;
	for (struct connection *c = connections; c != NULL; c = c->next) {
		if (fits != NULL && !fits(c, arg))
			continue;
		if (!host_matches(&c->local, &local->addr) || !host_matches(&c->remote, &remote->addr))
			continue;
		if (!ike_id_match(&c->remote.id, peer_id))
			continue;
		if (our_id != NULL && ike_id_is_set(our_id) && !ike_id_match(our_id, &c->local.id))
			continue;
		if (!ike_id_is_any(&c->remote.id) && address_is_set(&c->remote.host))
			return c;
		if (wildcard == NULL)
			wildcard = c;
	}
	return wildcard;
}

static bool ends_share(const struct end *a, const struct end *b)
{
	return ike_id_eq(&a->id, &b->id) && a->auth == b->auth;
}

bool conn_shares_ike(const struct connection *a, const struct connection *b)
{
	return address_eq(&a->remote.host, &b->remote.host) && a->authby == b->authby &&
	       ends_share(&a->local, &b->local) && ends_share(&a->remote, &b->remote);
}

void conn_log(struct connection *c, const char *fmt, ...)
{
	char text[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	log_info("\"%s\": %s", c->name, text);
	if (c->waiter != NULL)
		whack_out(c->waiter, "\"%s\": %s", c->name, text);
}

void conn_done(struct connection *c, bool ok)
{
	if (c->waiter != NULL) {
		whack_end(c->waiter, ok ? WHACK_STATUS_OK : WHACK_STATUS_FAILED);
		c->waiter = NULL;
	}
}
