/*
 * Asynchronous DNS (dns.h).
 *
 * libunbound runs its resolver in a thread of its own (ub_ctx_async) and
 * signals finished queries through ub_fd(); a persistent libevent read
 * event on that descriptor calls ub_process(), which runs our callbacks
 * in the loop's thread.  Each lookup holds one timer: before an attempt
 * it is the start (or back-off) delay, during one it is the attempt's
 * time limit, since libunbound itself may keep trying a dead server for
 * a long time.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/event.h>
#include <unbound.h>

#include "chunk.h"
#include "dns.h"
#include "log.h"
#include "pluto.h"

#define RR_CLASS_IN 1
#define DEFAULT_TIMEOUT 10.0

struct dns_query {
	struct dns_lookup *lookup;
	int rrtype;		/* 1 A, 28 AAAA */
	int async_id;
	bool pending;		/* sent to libunbound, no callback yet */
};

struct dns_lookup {
	char *name;
	dns_lookup_cb *cb;
	void *arg;
	struct dns_query queries[2];
	size_t nr_queries;
	struct dns_answer answer;	/* the current attempt's */
	unsigned attempt;		/* 1 for the first */
	bool in_attempt;		/* queries out, timer is the time limit */
	bool in_callback, cancelled;	/* cancel from the callback: freed after it */
	struct event *timer;
	struct dns_lookup *next;
};

static struct {
	struct ub_ctx *ctx;
	struct event *fd_event;
	bool validating;
	double timeout;
	struct dns_lookup *lookups;
} dns;

static const struct timeval now_tv = { 0, 0 };

static struct timeval tv_of(double s)
{
	return (struct timeval){ .tv_sec = (long)s, .tv_usec = (long)((s - (long)s) * 1e6) };
}

static void on_ub_fd(evutil_socket_t fd, short what, void *arg)
{
	int r = ub_process(dns.ctx);
	if (r != 0)
		log_warn("DNS: ub_process: %s", ub_strerror(r));
}

static bool set_option(const char *opt, const char *val)
{
	int r = ub_ctx_set_option(dns.ctx, opt, val);
	if (r != 0)
		log_error("DNS: libunbound option %s %s: %s", opt, val, ub_strerror(r));
	return r == 0;
}

/* A trust anchor file: DS or DNSKEY records in zone-file format (also
 * what unbound-anchor writes). */
static bool load_anchor(const char *what, const char *file)
{
	if (file == NULL || file[0] == '\0')
		return true;
	/* libunbound only reads it when the context is first used */
	if (access(file, R_OK) != 0) {
		log_error("DNS: cannot read %s %s: %s", what, file, strerror(errno));
		return false;
	}
	int r = ub_ctx_add_ta_file(dns.ctx, file);
	if (r != 0) {
		log_error("DNS: cannot load %s %s: %s", what, file, ub_strerror(r));
		return false;
	}
	dns.validating = true;
	log_info("DNS: DNSSEC trust anchors loaded from %s", file);
	return true;
}

static bool configure(const struct dns_config *cfg)
{
	int r = ub_ctx_async(dns.ctx, 1);	/* a thread, not a forked process */
	if (r != 0) {
		log_error("DNS: ub_ctx_async: %s", ub_strerror(r));
		return false;
	}
	/* a failed name is retried by us: a negative answer cached for its
	 * full SOA TTL would make every retry a cache hit */
	char neg[16];
	snprintf(neg, sizeof(neg), "%d", (int)DNS_RETRY_FIRST);
	if (!set_option("cache-max-negative-ttl:", neg))
		return false;
	for (const char *const *o = cfg->options; o != NULL && o[0] != NULL; o += 2)
		if (!set_option(o[0], o[1]))
			return false;
	if (cfg->forwarder != NULL) {
		r = ub_ctx_set_fwd(dns.ctx, cfg->forwarder);
		if (r != 0) {
			log_error("DNS: cannot use %s: %s", cfg->forwarder, ub_strerror(r));
			return false;
		}
	} else if ((r = ub_ctx_resolvconf(dns.ctx, cfg->resolvconf)) != 0) {
		/* a daemon with address-only conns must not fail for this */
		log_warn("DNS: cannot read %s: %s; names will be resolved from the root servers",
			 cfg->resolvconf != NULL ? cfg->resolvconf : "/etc/resolv.conf", ub_strerror(r));
	}
	if (cfg->hosts == NULL || cfg->hosts[0] != '\0') {
		r = ub_ctx_hosts(dns.ctx, cfg->hosts);
		if (r != 0)	/* a missing hosts file is no reason to stop */
			log_warn("DNS: cannot read %s: %s", cfg->hosts != NULL ? cfg->hosts : "/etc/hosts",
				 ub_strerror(r));
	}
	if (!cfg->dnssec)
		return set_option("module-config:", "iterator");	/* no validator at all */
	return load_anchor("dnssec-rootkey-file", cfg->rootkey_file) &&
	       load_anchor("dnssec-anchors", cfg->anchors_file);
}

/*
 * libunbound reads its configuration (anchor files included) only on
 * first use: one synchronous lookup of "localhost", answered by its
 * built-in local zone without any query, makes a broken anchor file a
 * start-up error instead of every later lookup's.  It runs in this
 * thread and starts no resolver thread.
 */
static bool self_check(void)
{
	struct ub_result *result = NULL;
	int r = ub_resolve(dns.ctx, "localhost.", 1, RR_CLASS_IN, &result);
	if (result != NULL)
		ub_resolve_free(result);
	if (r != 0)
		log_error("DNS: the resolver configuration does not load: %s", ub_strerror(r));
	return r == 0;
}

bool dns_init(const struct dns_config *cfg)
{
	dns.ctx = ub_ctx_create();
	if (dns.ctx == NULL) {
		log_error("DNS: cannot create a libunbound context");
		return false;
	}
	dns.validating = false;
	dns.timeout = cfg->timeout > 0 ? cfg->timeout : DEFAULT_TIMEOUT;
	if (!configure(cfg) || !self_check()) {
		dns_shutdown();
		return false;
	}
	dns.fd_event = event_new(pluto_event_base, ub_fd(dns.ctx), EV_READ | EV_PERSIST, on_ub_fd, NULL);
	if (dns.fd_event == NULL || event_add(dns.fd_event, NULL) != 0) {
		log_error("DNS: cannot watch libunbound's descriptor");
		dns_shutdown();
		return false;
	}
	log_info("DNS: resolver ready; DNSSEC %s", !cfg->dnssec ? "disabled (dnssec-enable=no)"
			  : dns.validating ? "validation on" : "not validated (no trust anchor)");
	return true;
}

bool dns_validating(void)
{
	return dns.validating;
}

static void unlink_lookup(struct dns_lookup *l)
{
	for (struct dns_lookup **pp = &dns.lookups; *pp != NULL; pp = &(*pp)->next)
		if (*pp == l) {
			*pp = l->next;
			return;
		}
}

static void cancel_queries(struct dns_lookup *l)
{
	for (size_t i = 0; i < l->nr_queries; i++) {
		if (l->queries[i].pending && dns.ctx != NULL)
			ub_cancel(dns.ctx, l->queries[i].async_id);
		l->queries[i].pending = false;
	}
}

static void free_lookup(struct dns_lookup *l)
{
	cancel_queries(l);
	unlink_lookup(l);
	event_free(l->timer);
	free(l->name);
	free(l);
}

/* The attempt is over: tell the owner, then free or schedule a retry. */
static void finish_attempt(struct dns_lookup *l)
{
	l->in_attempt = false;
	evtimer_del(l->timer);
	bool ok = l->answer.outcome == DNS_OK;
	double retry_in = ok ? 0 : dns_retry_delay(l->attempt);
	struct dns_answer answer = l->answer;	/* the callback sees a stable copy */
	l->in_callback = true;
	l->cb(l, &answer, l->attempt, retry_in, l->arg);
	l->in_callback = false;
	if (ok || l->cancelled) {
		free_lookup(l);
		return;
	}
	struct timeval tv = tv_of(retry_in);
	evtimer_add(l->timer, &tv);
}

static void on_result(void *arg, int err, struct ub_result *result)
{
	struct dns_query *q = arg;
	struct dns_lookup *l = q->lookup;
	q->pending = false;
	dns_answer_add(&l->answer, err, result, dns.validating);
	if (result != NULL)
		ub_resolve_free(result);
	for (size_t i = 0; i < l->nr_queries; i++)
		if (l->queries[i].pending)
			return;
	finish_attempt(l);
}

static void start_attempt(struct dns_lookup *l)
{
	l->attempt++;
	l->in_attempt = true;
	dns_answer_init(&l->answer);
	log_debug("DNS: %s: attempt %u", l->name, l->attempt);
	for (size_t i = 0; i < l->nr_queries; i++) {
		struct dns_query *q = &l->queries[i];
		q->pending = true;
		int r = ub_resolve_async(dns.ctx, l->name, q->rrtype, RR_CLASS_IN, q, on_result, &q->async_id);
		if (r != 0) {
			q->pending = false;
			dns_answer_add(&l->answer, r, NULL, dns.validating);
		}
	}
	for (size_t i = 0; i < l->nr_queries; i++)
		if (l->queries[i].pending) {
			struct timeval tv = tv_of(dns.timeout);
			evtimer_add(l->timer, &tv);
			return;
		}
	finish_attempt(l);	/* nothing could be sent */
}

static void on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct dns_lookup *l = arg;
	if (!l->in_attempt) {
		start_attempt(l);
		return;
	}
	for (size_t i = 0; i < l->nr_queries; i++)
		if (l->queries[i].pending)
			dns_answer_add_timeout(&l->answer);
	cancel_queries(l);
	finish_attempt(l);
}

struct dns_lookup *dns_lookup_start(const char *name, int family, dns_lookup_cb *cb, void *arg)
{
	if (dns.ctx == NULL)
		return NULL;
	struct dns_lookup *l = xzalloc(sizeof(*l));
	l->name = xstrdup(name);
	l->cb = cb;
	l->arg = arg;
	if (family != AF_INET6)
		l->queries[l->nr_queries++] = (struct dns_query){ .lookup = l, .rrtype = 1 };
	if (family != AF_INET)
		l->queries[l->nr_queries++] = (struct dns_query){ .lookup = l, .rrtype = 28 };
	l->timer = evtimer_new(pluto_event_base, on_timer, l);
	/* from the loop: the callback never runs inside the caller, and
	 * libunbound's thread is started after pluto dropped capabilities */
	evtimer_add(l->timer, &now_tv);
	l->next = dns.lookups;
	dns.lookups = l;
	return l;
}

void dns_lookup_cancel(struct dns_lookup *l)
{
	if (l == NULL)
		return;
	if (l->in_callback) {
		l->cancelled = true;
		return;
	}
	free_lookup(l);
}

void dns_lookup_retry_now(struct dns_lookup *l)
{
	if (l == NULL || l->in_attempt || l->in_callback)
		return;
	evtimer_del(l->timer);
	evtimer_add(l->timer, &now_tv);
}

void dns_shutdown(void)
{
	while (dns.lookups != NULL)
		free_lookup(dns.lookups);
	if (dns.fd_event != NULL)
		event_free(dns.fd_event);
	dns.fd_event = NULL;
	if (dns.ctx != NULL)
		ub_ctx_delete(dns.ctx);	/* joins libunbound's thread */
	dns.ctx = NULL;
	dns.validating = false;
}
