/*
 * DNS for left=/right= names: the answer merging of dns_answer.c fed with
 * hand-made libunbound results (A/AAAA, NXDOMAIN, NODATA, SERVFAIL,
 * DNSSEC bogus, malformed record lengths), the back-off, and then the
 * real path (dns.c over libevent, conn_resolve.c) against libunbound
 * answering from its own local zone: no query leaves this process.
 */
#include <arpa/inet.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <unbound.h>

#include "conn_resolve.h"
#include "connections.h"
#include "dns.h"
#include "pluto.h"
#include "pluto_config.h"
#include "pluto_harness.h"
#include "state.h"
#include "unit.h"

static ip_address addr(const char *s)
{
	ip_address a;
	CHECK(address_parse(s, &a) == NULL);
	return a;
}

/* A result as libunbound's callback hands it over. */
struct fake {
	struct ub_result r;
	char *data[DNS_MAX_ADDRS + 4];
	int len[DNS_MAX_ADDRS + 4];
	uint8_t bytes[DNS_MAX_ADDRS + 4][16];
};

static struct ub_result *fake(struct fake *f, int qtype, const char *const *addrs, int rcode)
{
	memset(f, 0, sizeof(*f));
	f->r.qtype = qtype;
	f->r.qclass = 1;
	f->r.rcode = rcode;
	f->r.nxdomain = rcode == 3;
	f->r.data = f->data;
	f->r.len = f->len;
	size_t n = 0;
	for (; addrs != NULL && addrs[n] != NULL; n++) {
		int family = strchr(addrs[n], ':') != NULL ? AF_INET6 : AF_INET;
		inet_pton(family, addrs[n], f->bytes[n]);
		f->data[n] = (char *)f->bytes[n];
		f->len[n] = family == AF_INET ? 4 : 16;
	}
	f->r.havedata = n > 0;
	return &f->r;
}

static void test_a_and_aaaa_merge(void)
{
	struct fake fa, f6;
	struct dns_answer a;
	dns_answer_init(&a);
	dns_answer_add(&a, 0, fake(&fa, 1, (const char *[]){ "192.0.2.2", "192.0.2.3", "192.0.2.2", NULL }, 0), false);
	dns_answer_add(&a, 0, fake(&f6, 28, (const char *[]){ "2001:db8::2", NULL }, 0), false);
	CHECK(a.outcome == DNS_OK);
	CHECK(a.answered == 2);
	CHECK(a.nr_addrs == 3);		/* the duplicate is dropped */
	CHECK(address_eq(&a.addrs[0], &(ip_address){ 0 }) == false);
	ip_address e = addr("192.0.2.2"), e3 = addr("192.0.2.3"), e6 = addr("2001:db8::2");
	CHECK(address_eq(&a.addrs[0], &e));
	CHECK(address_eq(&a.addrs[1], &e3));
	CHECK(address_eq(&a.addrs[2], &e6));
	CHECK(!a.secure);
}

static void test_one_family_missing_is_still_ok(void)
{
	struct fake fa, f6;
	struct dns_answer a;
	dns_answer_init(&a);
	dns_answer_add(&a, 0, fake(&f6, 28, NULL, 0), false);	/* NODATA first */
	CHECK(a.outcome == DNS_NODATA);
	dns_answer_add(&a, 0, fake(&fa, 1, (const char *[]){ "192.0.2.2", NULL }, 0), false);
	CHECK(a.outcome == DNS_OK);
	CHECK(a.nr_addrs == 1);
}

static void test_failures_keep_the_most_telling(void)
{
	struct fake fa, f6;
	struct dns_answer a;
	dns_answer_init(&a);
	dns_answer_add(&a, 0, fake(&fa, 1, NULL, 3), false);
	dns_answer_add(&a, 0, fake(&f6, 28, NULL, 3), false);
	CHECK(a.outcome == DNS_NXDOMAIN);
	CHECK(strstr(a.why, "NXDOMAIN") != NULL);
	dns_answer_init(&a);
	dns_answer_add(&a, 0, fake(&fa, 1, NULL, 2), false);	/* SERVFAIL */
	dns_answer_add(&a, 0, fake(&f6, 28, NULL, 3), false);
	CHECK(a.outcome == DNS_SERVFAIL);
	CHECK(strstr(a.why, "rcode 2") != NULL);
	dns_answer_init(&a);
	dns_answer_add(&a, UB_NOMEM, NULL, false);
	CHECK(a.outcome == DNS_SERVFAIL);
	CHECK(strstr(a.why, "resolver error") != NULL);
	dns_answer_init(&a);
	dns_answer_add_timeout(&a);
	CHECK(a.outcome == DNS_TIMEOUT);
	CHECK(a.nr_addrs == 0);
}

static void test_bogus_refused_when_validating(void)
{
	struct fake fa, f6;
	struct dns_answer a;
	/* bogus data is never used, and spoils the other family's addresses too */
	dns_answer_init(&a);
	struct ub_result *ok = fake(&f6, 28, (const char *[]){ "2001:db8::2", NULL }, 0);
	ok->secure = 1;
	dns_answer_add(&a, 0, ok, true);
	CHECK(a.outcome == DNS_OK && a.secure);
	struct ub_result *r = fake(&fa, 1, (const char *[]){ "203.0.113.66", NULL }, 2);
	r->bogus = 1;
	r->why_bogus = "signature expired";
	dns_answer_add(&a, 0, r, true);
	CHECK(a.outcome == DNS_BOGUS);
	CHECK(a.nr_addrs == 0);
	CHECK(!a.secure);
	CHECK(strstr(a.why, "signature expired") != NULL);
	/* and in the other order */
	dns_answer_init(&a);
	dns_answer_add(&a, 0, r, true);
	dns_answer_add(&a, 0, ok, true);
	CHECK(a.outcome == DNS_BOGUS);
	CHECK(a.nr_addrs == 0);
}

static void test_secure_only_when_every_answer_is(void)
{
	struct fake fa, f6;
	struct dns_answer a;
	dns_answer_init(&a);
	struct ub_result *r4 = fake(&fa, 1, (const char *[]){ "192.0.2.2", NULL }, 0);
	struct ub_result *r6 = fake(&f6, 28, (const char *[]){ "2001:db8::2", NULL }, 0);
	r4->secure = 1;
	dns_answer_add(&a, 0, r4, true);
	CHECK(a.secure);
	dns_answer_add(&a, 0, r6, true);	/* insecure */
	CHECK(a.outcome == DNS_OK);
	CHECK(!a.secure);
}

static void test_malformed_records_skipped(void)
{
	struct fake fa;
	struct dns_answer a;
	dns_answer_init(&a);
	struct ub_result *r = fake(&fa, 1, (const char *[]){ "192.0.2.2", "192.0.2.3", NULL }, 0);
	fa.len[0] = 16;			/* an AAAA-sized record in an A answer */
	fa.len[1] = 3;			/* truncated */
	dns_answer_add(&a, 0, r, false);
	CHECK(a.outcome == DNS_NODATA);
	CHECK(a.nr_addrs == 0);
	/* more addresses than fit: the first DNS_MAX_ADDRS are kept */
	char text[DNS_MAX_ADDRS + 2][20];
	const char *list[DNS_MAX_ADDRS + 3];
	for (int i = 0; i < DNS_MAX_ADDRS + 2; i++) {
		snprintf(text[i], sizeof(text[i]), "192.0.2.%d", 10 + i);
		list[i] = text[i];
	}
	list[DNS_MAX_ADDRS + 2] = NULL;
	dns_answer_init(&a);
	dns_answer_add(&a, 0, fake(&fa, 1, list, 0), false);
	CHECK(a.outcome == DNS_OK);
	CHECK(a.nr_addrs == DNS_MAX_ADDRS);
}

static void test_retry_backoff(void)
{
	CHECK(dns_retry_delay(1) == DNS_RETRY_FIRST);
	CHECK(dns_retry_delay(2) == 2 * DNS_RETRY_FIRST);
	CHECK(dns_retry_delay(3) == 4 * DNS_RETRY_FIRST);
	CHECK(dns_retry_delay(30) == DNS_RETRY_MAX);
	CHECK(dns_retry_delay(1000000) == DNS_RETRY_MAX);
	for (unsigned i = 1; i < 20; i++)
		CHECK(dns_retry_delay(i + 1) >= dns_retry_delay(i));
}

/* ---- the real path: libunbound answering from a local zone ---- */

static const char *const local_zone[] = {
	"local-zone:", "example. static",
	"local-data:", "east.example. A 192.0.2.2",
	"local-data:", "east.example. AAAA 2001:db8::2",
	"local-data:", "v6only.example. AAAA 2001:db8::2",
	NULL,
};

static const char extra_conns[] =
	"conn named\n\tleft=127.0.0.1\n\tright=east.example\n\trightid=@east\n\tauthby=secret\n\tauto=ignore\n"
	"conn noid\n\tleft=127.0.0.1\n\tright=east.example\n\tauthby=secret\n\tauto=ignore\n"
	"conn nowhere\n\tleft=127.0.0.1\n\tright=nowhere.example\n\tauthby=secret\n\tauto=ignore\n"
	"conn v6only\n\tleft=127.0.0.1\n\tright=v6only.example\n\tauthby=secret\n\tauto=ignore\n"
	"conn bothnames\n\tleft=west.example\n\tright=east.example\n\tauthby=secret\n\tauto=ignore\n"
	"conn leftname\n\tleft=east.example\n\tright=127.0.0.1\n\tauthby=secret\n\tauto=ignore\n";

static bool start(void)
{
	unit_nss_init();
	if (!harness_start(&(struct harness_options){ .extra_conn = extra_conns, .debug = true }))
		return false;
	struct dns_config cfg = { .dnssec = true, .hosts = "", .forwarder = "127.0.0.1",
				  .options = local_zone, .timeout = 5 };
	return dns_init(&cfg);
}

static void stop(void)
{
	/* the conns' lookups go before the resolver, as in pluto_shutdown() */
	conn_delete_all();
	dns_shutdown();
	harness_stop();
}

static bool add(const char *name)
{
	const char *why = NULL;
	bool ok = pluto_config_add_conn(name, &why);
	if (!ok)
		printf("add %s: %s\n", name, why);
	return ok;
}

static struct connection *cond_conn;
static bool resolved(void) { return !conn_resolve_pending(cond_conn); }
static bool log_says_attempt2(void) { return harness_log_contains("attempt 2)"); }

/* Run the real event loop (libunbound answers from its thread). */
static bool run_until(bool (*cond)(void), double max_s)
{
	for (double t = 0; t < max_s; t += 0.05) {
		if (cond())
			return true;
		event_base_loopexit(pluto_event_base, &(struct timeval){ 0, 50000 });
		event_base_dispatch(pluto_event_base);
	}
	return cond();
}

static void test_conn_resolves_and_then_matches(void)
{
	if (!start()) {
		CHECK(!"started");
		return;
	}
	CHECK(dns_validating() == false);	/* dnssec-enable=yes but no anchor */
	CHECK(add("named") && add("noid"));
	struct connection *c = conn_by_name("named"), *n = conn_by_name("noid");
	CHECK(c != NULL && n != NULL);
	if (c == NULL || n == NULL) {
		stop();
		return;
	}
	/* until it resolves the conn matches no peer, not even as a wildcard */
	ip_endpoint east = { .addr = addr("192.0.2.2"), .port = 500 };
	CHECK(conn_resolve_pending(c));
	CHECK(conn_find_for_init(harness_responder(), &east) == NULL);
	char buf[256];
	CHECK(strstr(conn_resolve_status(c, buf, sizeof(buf)), "resolving") != NULL);
	cond_conn = c;
	CHECK(run_until(resolved, 5));
	cond_conn = n;
	CHECK(run_until(resolved, 5));
	ip_address want = addr("192.0.2.2");	/* A only: the local end is IPv4 */
	CHECK(address_eq(&c->remote.host, &want));
	CHECK(subnet_eq(&c->remote.client, &(ip_subnet){ .addr = want, .prefix = 32 }));
	CHECK(strcmp(conn_resolve_status(c, buf, sizeof(buf)),
		     "dns: east.example resolved to 192.0.2.2 (DNSSEC: not validated)") == 0);
	/* rightid= given stays; without it the ID follows the address */
	char id[IKE_ID_STR_LEN];
	CHECK(strcmp(ike_id_str(&c->remote.id, id, sizeof(id)), "@east") == 0);
	CHECK(strcmp(ike_id_str(&n->remote.id, id, sizeof(id)), "192.0.2.2") == 0);
	CHECK(conn_find_for_init(harness_responder(), &east) != NULL);
	stop();
}

/* auto=start's asynchronous --initiate: remembered, and IKE_SA_INIT goes
 * out to the resolved address as soon as it is known. */
static void test_initiate_waits_for_the_address(void)
{
	if (!start()) {
		CHECK(!"started");
		return;
	}
	CHECK(add("named"));
	struct connection *c = conn_by_name("named");
	if (c == NULL) {
		stop();
		return;
	}
	harness_clear_sent();
	CHECK(conn_resolve_pending(c));
	CHECK(conn_resolve_initiate(c, NULL, true));	/* whack answered at once */
	CHECK(c->newest_ike == NULL && harness_sent_count() == 0);
	char buf[256];
	CHECK(strcmp(conn_resolve_status(c, buf, sizeof(buf)), "dns: east.example: resolving, then initiating") == 0);
	cond_conn = c;
	CHECK(run_until(resolved, 5));
	CHECK(c->newest_ike != NULL);
	CHECK(harness_sent_count() == 1);		/* IKE_SA_INIT */
	ip_address want = addr("192.0.2.2");
	CHECK(c->newest_ike != NULL && address_eq(&c->newest_ike->remote.addr, &want));
	harness_drop_all();
	stop();
}

static void test_conn_failure_is_retried_and_reported(void)
{
	if (!start()) {
		CHECK(!"started");
		return;
	}
	harness_log_mark();
	CHECK(add("nowhere") && add("v6only"));
	struct connection *c = conn_by_name("nowhere"), *v = conn_by_name("v6only");
	if (c == NULL || v == NULL) {
		CHECK(!"added");
		stop();
		return;
	}
	CHECK(run_until(log_says_attempt2, 5));
	CHECK(harness_log_contains("\"nowhere\": cannot resolve nowhere.example: no such name (NXDOMAIN) (attempt 1); retrying in 1s"));
	CHECK(harness_log_contains("\"v6only\": cannot resolve v6only.example: no address record (NODATA) (attempt 1)"));
	CHECK(conn_resolve_pending(c) && conn_resolve_pending(v));
	char buf[256];
	CHECK(strstr(conn_resolve_status(c, buf, sizeof(buf)), "resolving failed: no such name") != NULL);
	/* delete while a retry is pending: cancelled, nothing leaks (ASan) */
	conn_delete(c);
	CHECK(conn_by_name("harness") != NULL);		/* the rest goes on */
	stop();
}

static void test_names_only_for_the_remote_end(void)
{
	if (!start()) {
		CHECK(!"started");
		return;
	}
	const char *why = NULL;
	CHECK(!pluto_config_add_conn("bothnames", &why));
	CHECK(why != NULL && strstr(why, "remote end only") != NULL);
	/* left=name right=<ours>: oriented with right local, left resolved */
	CHECK(add("leftname"));
	struct connection *c = conn_by_name("leftname");
	CHECK(c != NULL && c->remote.hostname != NULL && strcmp(c->remote.hostname, "east.example") == 0);
	stop();
}

static void test_cancel_before_the_first_attempt(void)
{
	if (!start()) {
		CHECK(!"started");
		return;
	}
	CHECK(add("named"));
	conn_delete(conn_by_name("named"));	/* its start timer had not fired */
	event_base_loopexit(pluto_event_base, &(struct timeval){ 0, 100000 });
	event_base_dispatch(pluto_event_base);
	stop();
}

/* A resolver that reads queries and never answers: pluto's own time
 * limit ends the attempt, and a retry follows. */
static struct dns_answer last_answer;
static unsigned calls;
static double last_retry;
static void record(struct dns_lookup *l, const struct dns_answer *a, unsigned attempt, double retry_in,
		   void *arg)
{
	last_answer = *a;
	last_retry = retry_in;
	calls++;
	if (attempt == 2)
		dns_lookup_cancel(l);	/* from inside the callback */
}
static bool two_calls(void) { return calls >= 2; }

static void test_silent_server_times_out_and_retries(void)
{
	unit_nss_init();
	if (!harness_start(NULL)) {
		CHECK(!"started");
		return;
	}
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	CHECK(s >= 0 && bind(s, (struct sockaddr *)&sin, sizeof(sin)) == 0 &&
	      getsockname(s, (struct sockaddr *)&sin, &len) == 0);
	char fwd[64];
	snprintf(fwd, sizeof(fwd), "127.0.0.1@%u", ntohs(sin.sin_port));
	static const char *const opts[] = { "do-not-query-localhost:", "no", NULL };
	struct dns_config cfg = { .hosts = "", .forwarder = fwd, .options = opts, .timeout = 0.3 };
	CHECK(dns_init(&cfg));
	calls = 0;
	CHECK(dns_lookup_start("silent.example.org", AF_INET, record, NULL) != NULL);
	CHECK(run_until(two_calls, 5));
	CHECK(calls == 2);
	CHECK(last_answer.outcome == DNS_TIMEOUT);
	CHECK(strcmp(last_answer.why, "no answer in time") == 0);
	CHECK(last_retry == dns_retry_delay(2));
	/* the queries did reach the server */
	uint8_t buf[512];
	CHECK(recv(s, buf, sizeof(buf), MSG_DONTWAIT) > 12);
	/* cancelled by its callback: no third call */
	event_base_loopexit(pluto_event_base, &(struct timeval){ 2, 500000 });
	event_base_dispatch(pluto_event_base);
	CHECK(calls == 2);
	close(s);
	dns_shutdown();
	harness_stop();
}

static void test_anchor_file_missing_is_fatal(void)
{
	unit_nss_init();
	if (!harness_start(NULL)) {
		CHECK(!"started");
		return;
	}
	struct dns_config cfg = { .dnssec = true, .hosts = "", .forwarder = "127.0.0.1",
				  .anchors_file = "/nonexistent/anchors" };
	CHECK(!dns_init(&cfg));
	CHECK(!dns_validating());
	/* and a readable one turns validation on */
	char path[] = "/tmp/dns-anchor.XXXXXX";
	int fd = mkstemp(path);
	const char ds[] = "example. IN DS 12345 13 2 "
			  "0000000000000000000000000000000000000000000000000000000000000000\n";
	CHECK(fd >= 0 && write(fd, ds, sizeof(ds) - 1) == (ssize_t)(sizeof(ds) - 1));
	close(fd);
	cfg.anchors_file = path;
	CHECK(dns_init(&cfg));
	CHECK(dns_validating());
	dns_shutdown();
	/* a file that does not parse is refused at start, not at first use */
	FILE *f = fopen(path, "w");
	CHECK(f != NULL && fputs("example. IN DS this is not a DS record\n", f) >= 0);
	if (f != NULL)
		fclose(f);
	CHECK(!dns_init(&cfg));
	unlink(path);
	harness_stop();
}

UNIT_MAIN(UNIT(test_a_and_aaaa_merge), UNIT(test_one_family_missing_is_still_ok),
	  UNIT(test_failures_keep_the_most_telling), UNIT(test_bogus_refused_when_validating),
	  UNIT(test_secure_only_when_every_answer_is), UNIT(test_malformed_records_skipped),
	  UNIT(test_retry_backoff), UNIT(test_conn_resolves_and_then_matches),
	  UNIT(test_initiate_waits_for_the_address),
	  UNIT(test_conn_failure_is_retried_and_reported), UNIT(test_names_only_for_the_remote_end),
	  UNIT(test_cancel_before_the_first_attempt),
	  UNIT(test_silent_server_times_out_and_retries), UNIT(test_anchor_file_missing_is_fatal))
