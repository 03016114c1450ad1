/*
 * What one DNS lookup (the A and/or AAAA queries for one name) came to:
 * the addresses copied out of libunbound's results, or why there are
 * none.  Pure code, no I/O: dns.c feeds it, the unit tests feed it
 * hand-made struct ub_result values.
 */
#ifndef DNS_ANSWER_H
#define DNS_ANSWER_H

#include <stdbool.h>
#include <stddef.h>

#include "ip_address.h"

struct ub_result;

/* Ordered by how much a failure says: when the A and the AAAA query fail
 * differently, the later value in this list is the one reported. */
enum dns_outcome {
	DNS_OK,			/* at least one address */
	DNS_NODATA,		/* the name exists, no record of the asked type */
	DNS_NXDOMAIN,		/* the name does not exist */
	DNS_TIMEOUT,		/* no answer in time (pluto's own limit) */
	DNS_SERVFAIL,		/* the resolver failed (rcode, or libunbound error) */
	DNS_BOGUS,		/* DNSSEC validation failed: never used */
};

#define DNS_MAX_ADDRS 8

struct dns_answer {
	enum dns_outcome outcome;
	bool secure;		/* DNS_OK: every query that gave addresses was DNSSEC-validated */
	unsigned answered;	/* queries merged so far */
	size_t nr_addrs;
	ip_address addrs[DNS_MAX_ADDRS];	/* A first if it answered first; no duplicates */
	char why[160];		/* for the log: rcode, libunbound error, why_bogus */
};

void dns_answer_init(struct dns_answer *a);
/*
 * Merge one query's result: err is ub_resolve_async's callback err (then
 * r is NULL), validating says a trust anchor is loaded.  Records with a
 * length other than 4 (A) or 16 (AAAA) are skipped: the library should
 * never hand them out, but this is the boundary where they are checked.
 */
void dns_answer_add(struct dns_answer *a, int err, const struct ub_result *r, bool validating);
/* A query that got no answer before pluto's own time limit. */
void dns_answer_add_timeout(struct dns_answer *a);
const char *dns_outcome_name(enum dns_outcome o);

/* Seconds before retry number attempt (1 = the first retry): doubling
 * from DNS_RETRY_FIRST, capped at DNS_RETRY_MAX. */
#define DNS_RETRY_FIRST 1.0
#define DNS_RETRY_MAX 60.0
double dns_retry_delay(unsigned attempt);

#endif
