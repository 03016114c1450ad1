/* whack commands (whack_commands.h), one function each, one table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn_resolve.h"
#include "connections.h"
#include "ike_sa_life.h"
#include "ikev2_child_sa.h"
#include "impair.h"
#include "ikev2_exchanges.h"
#include "ikev2_resume.h"
#include "log.h"
#include "pluto.h"
#include "pluto_config.h"
#include "pluto_secrets.h"
#include "resume_ticket.h"
#include "state.h"
#include "status.h"
#include "whack_commands.h"
#include "whack_msg.h"
#include "whack_server.h"

/* A command either ends the whack reply itself (returns true) or leaves
 * it open for a negotiation to end through conn_done(). */
typedef bool whack_fn(struct whack_conn *w, const struct whack_request *req, struct connection *c);

static bool wait_or_end(struct whack_conn *w, const struct whack_request *req, struct connection *c, bool started)
{
	if (!started) {
		whack_end(w, WHACK_STATUS_FAILED);
		return true;
	}
	if (req->flags & WHACK_FLAG_ASYNC || c->newest_ike == NULL) {
		whack_end(w, WHACK_STATUS_OK);
		return true;
	}
	if (c->waiter != NULL && c->waiter != w)
		whack_end(c->waiter, WHACK_STATUS_OK);
	c->waiter = w;
	return false;
}

/* RFC 7296 §1.3.1: with an IKE SA to share, c's Child SA is asked for
 * there (CREATE_CHILD_SA); the answer ends the whack.  false: no IKE SA
 * to share, a fresh IKE_SA_INIT it is. */
static bool initiate_on_shared_ike(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	struct child_sa *up = ikev2_additional_child(c);
	struct ike_sa *ike = up != NULL ? up->ike : ikev2_shared_ike(c);
	if (ike == NULL && ikev2_shared_ike_coming(c)) {
		/* e.g. two auto=start conns: the first one's IKE SA is on its
		 * way, c's Child SA follows on it (ikev2_start_shared_children) */
		c->start_shared = true;
		whack_out(w, "\"%s\": its Child SA follows once the IKE SA it shares is up", c->name);
		whack_end(w, WHACK_STATUS_OK);
		return true;
	}
	if (ike == NULL)
		return false;
	if (up != NULL) {
		whack_out(w, "\"%s\": %s (Child SA #%u of IKE SA #%u)", c->name,
			  up->established > 0 ? "already up" : "being negotiated", up->serialno, ike->serialno);
		whack_end(w, WHACK_STATUS_OK);
		return true;
	}
	c->waiter = w;
	bool ok = ikev2_add_child(ike, c);
	c->waiter = NULL;
	if (!ok || (req->flags & WHACK_FLAG_ASYNC)) {
		whack_end(w, ok ? WHACK_STATUS_OK : WHACK_STATUS_FAILED);
		return true;
	}
	c->waiter = w;
	return true;
}

static bool cmd_initiate(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	if (c->newest_ike != NULL && c->newest_ike->state == IKE_ESTABLISHED) {
		whack_out(w, "\"%s\": already up (IKE SA #%u)", c->name, c->newest_ike->serialno);
		whack_end(w, WHACK_STATUS_OK);
		return true;
	}
	if (c->newest_ike == NULL && initiate_on_shared_ike(w, req, c))
		return true;
	if (conn_resolve_pending(c))
		return conn_resolve_initiate(c, w, (req->flags & WHACK_FLAG_ASYNC) != 0);
	c->waiter = w;
	/* a held ticket makes --initiate a resume (RFC 5723 §4.3) */
	bool ok = resume_ticket_valid(c->ticket, pluto_wallclock()) ? ikev2_initiate_resume(c)
								     : ikev2_initiate(c);
	c->waiter = NULL;
	return wait_or_end(w, req, c, ok);
}

static bool cmd_resume(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	if (!c->suspended && c->ticket == NULL) {
		whack_err(w, "\"%s\": not suspended and no ticket held", c->name);
		whack_end(w, WHACK_STATUS_FAILED);
		return true;
	}
	c->waiter = w;
	bool ok = resume_connection(c);
	c->waiter = NULL;
	return wait_or_end(w, req, c, ok);
}

static bool cmd_suspend(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	whack_end(w, resume_suspend(c, w) ? WHACK_STATUS_OK : WHACK_STATUS_FAILED);
	return true;
}

static void terminate(struct connection *c)
{
	/* c's additional Child SAs go alone; their IKE SA stays */
	for (struct child_sa *child; (child = ikev2_additional_child(c)) != NULL;)
		ikev2_delete_child(child);
	struct ike_sa *next;
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = next) {
		next = ike->next;
		if (ike->conn == c)
			ikev2_delete_ike_sa(ike);
	}
	c->suspended = false;
	resume_ticket_free(c->ticket);	/* --terminate deletes the ticket too */
	c->ticket = NULL;
}

static bool cmd_terminate(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	terminate(c);
	conn_log(c, "terminated");
	whack_out(w, "\"%s\": terminated", c->name);
	whack_end(w, WHACK_STATUS_OK);
	return true;
}

/* Terminates and frees the connection.  An SA whose DELETE is still
 * unanswered would keep pointing at it: it goes now, without waiting. */
/* c's Child SAs still on other conns' IKE SAs (a DELETE of ours being
 * answered or queued): they must not outlive c, which they point at. */
static void drop_children_of(struct connection *c)
{
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = ike->next) {
		struct child_sa *next;
		for (struct child_sa *child = ike->children; child != NULL; child = next) {
			next = child->next;
			if (child->conn == c) {
				kernel_child_uninstall(child);
				child_sa_free(child);
			}
		}
	}
}

static void forget_conn(struct connection *c)
{
	terminate(c);
	struct ike_sa *next;
	for (struct ike_sa *ike = ike_sa_first(); ike != NULL; ike = next) {
		next = ike->next;
		if (ike->conn == c)
			ike_sa_drop(ike);
	}
	drop_children_of(c);
	conn_delete(c);
}

static bool cmd_delete(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	whack_out(w, "\"%s\": deleted", c->name);
	forget_conn(c);
	whack_end(w, WHACK_STATUS_OK);
	return true;
}

static bool cmd_add(struct whack_conn *w, const struct whack_request *req, struct connection *unused)
{
	const char *why = NULL;
	bool ok = pluto_config_add_conn(req->name, &why);
	if (ok)
		whack_out(w, "\"%s\": added", req->name);
	else
		whack_err(w, "\"%s\": %s", req->name, why);
	whack_end(w, ok ? WHACK_STATUS_OK : WHACK_STATUS_FAILED);
	return true;
}

static bool cmd_replace(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	if (c != NULL)
		forget_conn(c);
	return cmd_add(w, req, NULL);
}

static bool cmd_status(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	status_show(w);
	whack_end(w, WHACK_STATUS_OK);
	return true;
}

static bool cmd_trafficstatus(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	status_traffic(w);
	whack_end(w, WHACK_STATUS_OK);
	return true;
}

static bool cmd_listen(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	whack_out(w, "listening for IKE messages");
	whack_end(w, WHACK_STATUS_OK);
	return true;
}

static bool cmd_rereadsecrets(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	char *why = NULL;
	bool ok = pluto_reread_secrets_file(&why);
	if (!ok) {
		/* the old secrets stay in force; say why on whack's stderr,
		 * one line (the parser's errors are one per line) */
		for (char *p = why; p != NULL && *p != '\0'; p++)
			if (*p == '\n')
				*p = p[1] != '\0' ? ';' : '\0';
		whack_err(w, "cannot re-read %s: %s", pluto_options.secrets,
			  why != NULL ? why : "see the log");
		free(why);
	}
	whack_end(w, ok ? WHACK_STATUS_OK : WHACK_STATUS_FAILED);
	return true;
}

static bool cmd_shutdown(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	whack_out(w, "pluto is shutting down");
	whack_end_then_shutdown(w);
	return true;
}

static bool cmd_debug(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	if (req->debug_set & WHACK_DEBUG_BASE)
		log_set_debug(true);
	if (req->debug_clear & WHACK_DEBUG_BASE)
		log_set_debug(false);
	if (req->debug_set & WHACK_DEBUG_PRIVATE)
		log_set_private(true);
	if (req->debug_clear & WHACK_DEBUG_PRIVATE)
		log_set_private(false);
	whack_out(w, "debug logging %s", log_debugging() ? "on" : "off");
	whack_end(w, WHACK_STATUS_OK);
	return true;
}

/* Testing aid: the codec checked the request; impair_set() checks again
 * because it is the one that knows what pluto can inject. */
static bool cmd_impair(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	const char *why = NULL;
	if (!impair_set(req->impair, req->impair_on, &why)) {
		whack_err(w, "impair %u: %s", req->impair, why);
		whack_end(w, WHACK_STATUS_REFUSED);
		return true;
	}
	char list[256];
	impair_list(list, sizeof(list));
	whack_out(w, "impair: %s", list[0] != '\0' ? list : "none");
	whack_end(w, WHACK_STATUS_OK);
	return true;
}

/* --rekey-child / --rekey-ike: now, instead of when the lifetime says
 * (testing, and an operator who wants fresh keys).  Started, not waited
 * for: the outcome is in the log and in --status. */
static bool cmd_rekey(struct whack_conn *w, const struct whack_request *req, struct connection *c)
{
	struct ike_sa *ike = c->newest_ike;
	if (ike == NULL || ike->state != IKE_ESTABLISHED) {
		whack_err(w, "\"%s\": no established IKE SA", c->name);
		whack_end(w, WHACK_STATUS_FAILED);
		return true;
	}
	if (req->command == WHACK_REKEY_IKE) {
		ikev2_rekey_ike(ike);
	} else {
		for (struct child_sa *child = ike->children; child != NULL; child = child->next)
			ikev2_rekey_child(child);
	}
	whack_out(w, "\"%s\": #%u: rekey started", c->name, ike->serialno);
	whack_end(w, WHACK_STATUS_OK);
	return true;
}

static const struct {
	enum whack_command command;
	whack_fn *fn;
	bool needs_conn;	/* the named connection must exist */
} commands[] = {
	{ WHACK_INITIATE, cmd_initiate, true },
	{ WHACK_TERMINATE, cmd_terminate, true },
	{ WHACK_SUSPEND, cmd_suspend, true },
	{ WHACK_RESUME, cmd_resume, true },
	{ WHACK_ADD, cmd_add, false },
	{ WHACK_DELETE, cmd_delete, true },
	{ WHACK_REPLACE, cmd_replace, false },
	{ WHACK_STATUS, cmd_status, false },
	{ WHACK_TRAFFICSTATUS, cmd_trafficstatus, false },
	{ WHACK_LISTEN, cmd_listen, false },
	{ WHACK_REREADSECRETS, cmd_rereadsecrets, false },
	{ WHACK_SHUTDOWN, cmd_shutdown, false },
	{ WHACK_DEBUG, cmd_debug, false },
	{ WHACK_IMPAIR, cmd_impair, false },
	{ WHACK_REKEY_CHILD, cmd_rekey, true },
	{ WHACK_REKEY_IKE, cmd_rekey, true },
};

void whack_dispatch(struct whack_conn *w, const struct whack_request *req)
{
	log_debug("whack: %s %s", whack_command_name(req->command), req->name);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (commands[i].command != req->command)
			continue;
		struct connection *c = req->name[0] != '\0' ? conn_by_name(req->name) : NULL;
		if (commands[i].needs_conn && c == NULL) {
			whack_err(w, "no connection named \"%s\"", req->name);
			whack_end(w, WHACK_STATUS_NO_CONNECTION);
			return;
		}
		commands[i].fn(w, req, c);
		return;
	}
	whack_err(w, "command not supported");
	whack_end(w, WHACK_STATUS_REFUSED);
}

void whack_forget(struct whack_conn *w)
{
	for (struct connection *c = conn_first(); c != NULL; c = c->next)
		if (c->waiter == w)
			c->waiter = NULL;
}
