/*
 * Connections whose remote end is a host name (right=east.example).
 *
 * Such a connection is added at once but "resolving": it has no peer
 * address, so it matches no incoming IKE_SA_INIT and cannot be
 * initiated.  A DNS lookup (dns.h) for the family of the local end runs
 * in the background; when it answers, the first address becomes the
 * remote host (and the remote ID and client when they were not given),
 * and an initiation that was asked for meanwhile goes ahead.  A failed
 * lookup is logged and retried with back-off for as long as the
 * connection exists; a whack client waiting for --initiate is told at
 * the first failure, while auto=start (asynchronous) keeps waiting.
 *
 * The name is resolved once per `ipsec auto --add` (or --replace); the
 * address is not re-checked when the record's TTL runs out.
 */
#ifndef CONN_RESOLVE_H
#define CONN_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

struct connection;
struct whack_conn;

/* Starts the lookup when the remote end is a name; no-op otherwise. */
void conn_resolve_start(struct connection *c);
/* The remote end is a name without an address yet. */
bool conn_resolve_pending(const struct connection *c);
/*
 * --initiate of a pending connection: remember it and start a waiting
 * retry now.  async: whack is answered at once; otherwise w waits for the
 * outcome (c->waiter).  Returns true when w was ended here.
 */
bool conn_resolve_initiate(struct connection *c, struct whack_conn *w, bool async);
/* Cancels the lookup (conn_delete). */
void conn_resolve_free(struct connection *c);
/* One status line, or NULL when the remote end is not a name. */
const char *conn_resolve_status(const struct connection *c, char *buf, size_t len);

#endif
