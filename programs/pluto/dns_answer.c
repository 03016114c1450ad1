/* DNS answers (dns_answer.h). */
#include <stdio.h>
#include <string.h>

#include <unbound.h>

#include "dns_answer.h"

#define RR_TYPE_A 1
#define RR_TYPE_AAAA 28

void dns_answer_init(struct dns_answer *a)
{
	memset(a, 0, sizeof(*a));
	a->outcome = DNS_NODATA;	/* until something is merged */
}

/*
 * Keep the more telling failure; any address makes the lookup a success,
 * except that a bogus answer spoils the whole lookup: when one of the two
 * queries was tampered with, the other's addresses are not trusted either.
 */
static void merge_failure(struct dns_answer *a, enum dns_outcome o, const char *why)
{
	if (o == DNS_BOGUS) {
		a->nr_addrs = 0;
		a->secure = false;
	} else if (a->outcome == DNS_OK || o < a->outcome) {
		return;
	}
	a->outcome = o;
	snprintf(a->why, sizeof(a->why), "%s", why);
}

static void add_address(struct dns_answer *a, int family, const void *bytes)
{
	ip_address addr = address_from_bytes(family, bytes);
	for (size_t i = 0; i < a->nr_addrs; i++)
		if (address_eq(&a->addrs[i], &addr))
			return;
	if (a->nr_addrs < DNS_MAX_ADDRS)
		a->addrs[a->nr_addrs++] = addr;
}

static void add_records(struct dns_answer *a, const struct ub_result *r)
{
	int family = r->qtype == RR_TYPE_A ? AF_INET : r->qtype == RR_TYPE_AAAA ? AF_INET6 : 0;
	int want = family == AF_INET ? 4 : 16;
	for (size_t i = 0; family != 0 && r->data != NULL && r->data[i] != NULL; i++) {
		if (r->len == NULL || r->len[i] != want)
			continue;	/* not an address of the asked type */
		add_address(a, family, r->data[i]);
	}
}

void dns_answer_add(struct dns_answer *a, int err, const struct ub_result *r, bool validating)
{
	char why[sizeof(a->why)];
	a->answered++;
	if (err != 0 || r == NULL) {
		snprintf(why, sizeof(why), "resolver error: %s", err != 0 ? ub_strerror(err) : "no result");
		merge_failure(a, DNS_SERVFAIL, why);
		return;
	}
	/* checked first: a bogus answer may carry data, and it must not be used */
	if (validating && r->bogus) {
		snprintf(why, sizeof(why), "DNSSEC validation failed: %s",
			 r->why_bogus != NULL ? r->why_bogus : "bogus");
		merge_failure(a, DNS_BOGUS, why);
		return;
	}
	if (r->nxdomain) {
		merge_failure(a, DNS_NXDOMAIN, "no such name (NXDOMAIN)");
		return;
	}
	if (r->rcode != 0) {
		snprintf(why, sizeof(why), "resolver answered rcode %d", r->rcode);
		merge_failure(a, DNS_SERVFAIL, why);
		return;
	}
	size_t before = a->nr_addrs;
	if (r->havedata)
		add_records(a, r);
	if (a->nr_addrs == before) {
		merge_failure(a, DNS_NODATA, "no address record (NODATA)");
		return;
	}
	if (a->outcome == DNS_BOGUS) {
		a->nr_addrs = 0;	/* the other query was bogus */
		return;
	}
	/* secure only when every query that gave addresses was validated */
	a->secure = (a->outcome == DNS_OK ? a->secure : true) && r->secure;
	a->outcome = DNS_OK;
}

void dns_answer_add_timeout(struct dns_answer *a)
{
	a->answered++;
	merge_failure(a, DNS_TIMEOUT, "no answer in time");
}

const char *dns_outcome_name(enum dns_outcome o)
{
	static const char *const names[] = {
		[DNS_OK] = "OK", [DNS_NODATA] = "NODATA", [DNS_NXDOMAIN] = "NXDOMAIN",
		[DNS_TIMEOUT] = "TIMEOUT", [DNS_SERVFAIL] = "SERVFAIL", [DNS_BOGUS] = "BOGUS",
	};
	return o <= DNS_BOGUS ? names[o] : "?";
}

double dns_retry_delay(unsigned attempt)
{
	double d = DNS_RETRY_FIRST;
	for (unsigned i = 1; i < attempt && d < DNS_RETRY_MAX; i++)
		d *= 2;
	return d < DNS_RETRY_MAX ? d : DNS_RETRY_MAX;
}
