/*
 * Connections: the policies pluto negotiates, built from ipsec.conf conn
 * sections, with the local side resolved (left or right, whichever holds
 * one of our addresses), plus what a connection keeps between IKE SAs:
 * the resumption ticket of a suspended connection.
 */
#ifndef CONNECTIONS_H
#define CONNECTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "chunk.h"
#include "ike_id.h"
#include "ip_address.h"
#include "ipsec_conf.h"
#include "msgid.h"
#include "proposals.h"

struct ike_sa;
struct whack_conn;
struct resume_ticket;
struct conn_resolve;
struct cert_local;

struct end {
	ip_address host;		/* unset: %any */
	char *hostname;			/* right=host.example: resolved later (conn_resolve.h) */
	ip_subnet client;		/* leftsubnet=, or host/32 */
	bool has_client;		/* leftsubnet= given */
	uint8_t protocol;		/* leftprotoport=, 0 any */
	uint16_t port;			/* 0 any */
	struct ike_id id;		/* leftid=, or the host address */
	enum end_auth auth;		/* leftauth= */
	char *cert;			/* leftcert=: NSS nickname (ikev2_cert.c) */
	bool id_from_host;		/* no leftid=: id follows the (resolved) address */
};

struct connection {
	char *name;
	struct end local, remote;
	struct proposals ike, esp;	/* from ike= and esp= */
	bool transport;			/* type=transport */
	unsigned authby;		/* enum authby bits */
	enum conn_auto autostart;
	double ikelifetime, salifetime;	/* seconds */
	bool rekey;			/* rekey=: renew SAs before they expire */
	bool pfs;			/* pfs=: a new D-H exchange in each Child SA rekey */
	double rekey_margin;		/* rekeymargin=: how long before */
	struct retransmit_policy retransmit;
	double dpd_delay;		/* dpddelay=: idle seconds before a liveness probe; 0 off */
	double dpd_timeout;		/* dpdtimeout=: how long a probe may go unanswered */
	enum dpd_action dpd_action;	/* dpdaction=clear|hold|restart */
	bool nat_keepalive;		/* nat-keepalive=: keep our NAT mapping open */
	enum fragmentation fragmentation;	/* fragmentation=yes|no|force (RFC 7383) */

	/* RFC 5723 */
	bool session_resumption;	/* session-resumption=yes */
	double ticket_lifetime;		/* seconds, <= ikelifetime */
	enum resume_auth resume_auth;	/* session-resumption-auth= */

	/* Run-time. */
	struct ike_sa *newest_ike;	/* the established (or negotiating) IKE SA */
	struct resume_ticket *ticket;	/* initiator: ticket held for this conn */
	bool suspended;			/* whack --suspend: states dropped, ticket kept */
	struct resume_ticket *replay_ticket;	/* whack --impair ticket-replay: a used ticket */
	struct whack_conn *waiter;	/* whack client waiting for the outcome */
	bool start_shared;		/* auto=start: to come up on another conn's IKE SA */
	struct conn_resolve *resolve;	/* remote end given by name: its lookup */
	struct cert_local *cert_local;	/* leftcert='s certificate, key, chain (cert_cache.h) */
	struct connection *next;
};

/* Build from config; NULL with *why set when the conn is unusable here. */
struct connection *conn_from_config(const struct conn_config *cfg, const char **why);
void conn_add(struct connection *c);
struct connection *conn_by_name(const char *name);
struct connection *conn_first(void);
/* Unlinks and frees (the caller deleted its SAs first). */
void conn_delete(struct connection *c);
void conn_delete_all(void);

/* The responder's search for the connection of an incoming IKE_SA_INIT:
 * by our address and the peer's, before identities are known. */
struct connection *conn_find_for_init(const ip_endpoint *local, const ip_endpoint *remote);
/* Refined once IDi (and maybe IDr) are known; NULL: no policy. */
/* The same among the conns for which fits(c, arg) holds (all: NULL). */
struct connection *conn_find_for_ids_where(const ip_endpoint *local, const ip_endpoint *remote,
					   const struct ike_id *peer_id, const struct ike_id *our_id,
					   bool (*fits)(const struct connection *c, void *arg), void *arg);
struct connection *conn_find_for_ids(const ip_endpoint *local, const ip_endpoint *remote,
				     const struct ike_id *peer_id, const struct ike_id *our_id);

/* RFC 7296 §1.3.1: b's Child SAs may ride on an IKE SA of a: same peer
 * address, same identities and authentication on both ends. */
bool conn_shares_ike(const struct connection *a, const struct connection *b);

/* Report a connection's progress to its waiting whack, if any, and the log. */
void conn_log(struct connection *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* End the waiting whack with the outcome. */
void conn_done(struct connection *c, bool ok);

#endif
