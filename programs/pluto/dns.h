/*
 * Asynchronous DNS for the daemon: one libunbound context, its file
 * descriptor watched by the libevent loop, lookups of A and/or AAAA
 * records that retry by themselves with back-off until they succeed or
 * are cancelled.  Nothing here blocks the loop.
 *
 * DNSSEC: validation is on when dnssec-enable=yes and a trust anchor was
 * loaded (dnssec-rootkey-file=, dnssec-anchors=); then an answer that
 * fails validation is refused (DNS_BOGUS) and retried like any failure.
 */
#ifndef DNS_H
#define DNS_H

#include <stdbool.h>

#include "dns_answer.h"

struct dns_config {
	bool dnssec;			/* dnssec-enable= */
	const char *rootkey_file;	/* dnssec-rootkey-file=: NULL or "" none */
	const char *anchors_file;	/* dnssec-anchors=: NULL or "" none */
	const char *resolvconf;		/* NULL: /etc/resolv.conf */
	const char *hosts;		/* NULL: /etc/hosts; "" none */
	const char *forwarder;		/* tests: this resolver instead of resolv.conf */
	const char *const *options;	/* tests: libunbound "name:", "value" pairs, NULL-ended */
	double timeout;			/* seconds one attempt may take; 0: 10 */
};

/* Creates the context; false (logged) when a configured anchor or the
 * resolver configuration cannot be loaded: validation the operator asked
 * for is never silently dropped. */
bool dns_init(const struct dns_config *cfg);
/* Cancels every lookup (without calling back) and frees the context. */
void dns_shutdown(void);
/* A trust anchor is loaded: answers are validated. */
bool dns_validating(void);

struct dns_lookup;

/*
 * Called once per attempt.  On DNS_OK the lookup is over and freed after
 * the call; otherwise it retries by itself in retry_in seconds.  The
 * callback may cancel the lookup (e.g. when it deletes its owner).
 */
typedef void dns_lookup_cb(struct dns_lookup *l, const struct dns_answer *a, unsigned attempt,
			   double retry_in, void *arg);

/* family: AF_INET (A), AF_INET6 (AAAA) or AF_UNSPEC (both).  The first
 * attempt starts from the event loop, never inside this call. */
struct dns_lookup *dns_lookup_start(const char *name, int family, dns_lookup_cb *cb, void *arg);
/* Stops and frees it; its callback is not called again. */
void dns_lookup_cancel(struct dns_lookup *l);
/* A lookup waiting for its next retry starts it now (whack --initiate). */
void dns_lookup_retry_now(struct dns_lookup *l);

#endif
