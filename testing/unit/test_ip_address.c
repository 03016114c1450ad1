/* Addresses, subnets, ranges, endpoints, sockaddr conversion. */
#include <arpa/inet.h>
#include <stdio.h>

#include "ip_address.h"
#include "unit.h"

static bool str_is(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static ip_address addr(const char *s)
{
	ip_address a;
	if (address_parse(s, &a) != NULL)
		unit_fail(__FILE__, __LINE__, s);
	return a;
}

/* Parse then print gives back the canonical text. */
static bool address_round_trip(const char *in, const char *want)
{
	ip_address a;
	char buf[ADDRESS_STR_LEN];
	return address_parse(in, &a) == NULL && str_is(address_str(&a, buf, sizeof(buf)), want);
}

static void test_address_parse(void)
{
	CHECK(address_round_trip("192.0.2.1", "192.0.2.1"));
	CHECK(address_round_trip("0.0.0.0", "0.0.0.0"));
	CHECK(address_round_trip("255.255.255.255", "255.255.255.255"));
	CHECK(address_round_trip("2001:DB8:0:0::1", "2001:db8::1"));
	CHECK(address_round_trip("::", "::"));
	CHECK(address_round_trip("::ffff:192.0.2.1", "::ffff:192.0.2.1"));
	ip_address a = addr("192.0.2.1");
	CHECK(a.family == AF_INET && address_len(&a) == 4 && address_bits(&a) == 32);
	CHECK(a.bytes[0] == 192 && a.bytes[3] == 1);
	a = addr("2001:db8::1");
	CHECK(a.family == AF_INET6 && address_len(&a) == 16 && a.bytes[15] == 1);
}

static void test_address_hostile(void)
{
	static const char *const bad[] = {
		"", " 192.0.2.1", "192.0.2.1 ", "192.0.2", "192.0.2.1.5", "256.0.0.1",
		"01.2.3.4", "0x1.2.3.4", "1.2.3.-4", "+1.2.3.4", "1..2.3", "1:2:3:4:5:6:7:8:9",
		"1::2::3", "fe80::1%eth0", "::g", "[::1]", "localhost", "1.2.3.4/32", "%any",
		"1.2.3.4\n", "\xff\xfe", "1.2.3.4:500",
		"1111111111111111111111111111111111111111111111111111111111111111111111111111",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ip_address a = { .family = 99 };
		if (address_parse(bad[i], &a) == NULL) {
			fprintf(stderr, "  accepted: \"%s\"\n", bad[i]);
			CHECK(!"hostile address accepted");
		}
		CHECK(!address_is_set(&a));	/* left unset on failure */
	}
	ip_address a;
	CHECK(address_parse(NULL, &a) != NULL);
	CHECK(strstr(address_parse("fe80::1%eth0", &a), "scoped") != NULL);
}

static void test_address_compare(void)
{
	ip_address a = addr("192.0.2.1"), b = addr("192.0.2.2"), c = addr("::1");
	ip_address unset = { .family = 0 };
	CHECK(address_cmp(&a, &b) < 0 && address_cmp(&b, &a) > 0 && address_cmp(&a, &a) == 0);
	CHECK(address_cmp(&a, &c) < 0);	/* AF_INET sorts before AF_INET6 */
	CHECK(address_eq(&a, &a) && !address_eq(&a, &b));
	CHECK(!address_is_set(&unset) && address_len(&unset) == 0 && !address_is_any(&unset));
	ip_address any4 = address_any(AF_INET), any6 = address_any(AF_INET6);
	CHECK(address_is_any(&any4) && address_is_any(&any6) && !address_is_any(&a));
	CHECK(address_eq(&any4, &(ip_address){ .family = AF_INET }));
	ip_address bad_family = address_from_bytes(AF_UNIX, a.bytes);
	CHECK(!address_is_set(&bad_family));
	char buf[ADDRESS_STR_LEN];
	CHECK(str_is(address_str(&unset, buf, sizeof(buf)), "<unset>"));
	char tiny[4];
	CHECK(str_is(address_str(&a, tiny, sizeof(tiny)), "192"));	/* truncated, terminated */
}

static bool subnet_round_trip(const char *in, const char *want)
{
	ip_subnet s;
	char buf[SUBNET_STR_LEN];
	return subnet_parse(in, &s) == NULL && str_is(subnet_str(&s, buf, sizeof(buf)), want);
}

static void test_subnet_parse(void)
{
	CHECK(subnet_round_trip("10.0.0.0/8", "10.0.0.0/8"));
	CHECK(subnet_round_trip("0.0.0.0/0", "0.0.0.0/0"));
	CHECK(subnet_round_trip("192.0.2.1", "192.0.2.1/32"));
	CHECK(subnet_round_trip("192.0.2.1/32", "192.0.2.1/32"));
	CHECK(subnet_round_trip("2001:db8::/32", "2001:db8::/32"));
	CHECK(subnet_round_trip("2001:db8::1", "2001:db8::1/128"));
	CHECK(subnet_round_trip("::/0", "::/0"));
	CHECK(subnet_round_trip("10.1.2.128/25", "10.1.2.128/25"));

	ip_subnet s;
	const char *err = subnet_parse("10.0.0.1/24", &s);
	CHECK(err != NULL && strstr(err, "host bits") != NULL && strstr(err, "libreswan") != NULL);
	CHECK(!subnet_is_set(&s));
	static const char *const bad[] = {
		"", "/24", "10.0.0.0/", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/-1",
		"10.0.0.0/+8", "10.0.0.0/8/8", "10.0.0.0/ 8", "10.0.0.0 /8", "10.0.0.0/0x8",
		"10.0.0.0/99999999999999999999", "10.0.0.0/8a", "10.0.0.0/255.0.0.0",
		"10.0.0.1/31", "2001:db8::1/64", "%any", "host.example/24",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (subnet_parse(bad[i], &s) == NULL) {
			fprintf(stderr, "  accepted: \"%s\"\n", bad[i]);
			CHECK(!"hostile subnet accepted");
		}
	}
}

static void test_subnet_ops(void)
{
	ip_subnet s;
	CHECK(subnet_parse("10.1.0.0/16", &s) == NULL);
	ip_address in = addr("10.1.255.7"), out = addr("10.2.0.0"), v6 = addr("::1");
	CHECK(subnet_contains(&s, &in) && !subnet_contains(&s, &out) && !subnet_contains(&s, &v6));
	ip_range r = subnet_range(&s);
	char buf[RANGE_STR_LEN];
	CHECK(str_is(range_str(&r, buf, sizeof(buf)), "10.1.0.0-10.1.255.255"));
	ip_subnet back;
	CHECK(range_to_subnet(&r, &back) && subnet_eq(&back, &s));

	ip_subnet all;
	CHECK(subnet_parse("0.0.0.0/0", &all) == NULL);
	CHECK(subnet_contains(&all, &out));
	r = subnet_range(&all);
	CHECK(str_is(range_str(&r, buf, sizeof(buf)), "0.0.0.0-255.255.255.255"));

	ip_subnet host = subnet_from_address(&in);
	CHECK(host.prefix == 32 && subnet_contains(&host, &in));
	r = subnet_range(&host);
	CHECK(address_eq(&r.start, &in) && address_eq(&r.end, &in));

	CHECK(subnet_parse("2001:db8:1::/48", &s) == NULL);
	r = subnet_range(&s);
	CHECK(str_is(range_str(&r, buf, sizeof(buf)),
		     "2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff"));
	CHECK(range_to_subnet(&r, &back) && subnet_eq(&back, &s));
	ip_subnet unset = { .prefix = 0 };
	CHECK(!subnet_contains(&unset, &in));
}

static ip_range range(const char *s)
{
	ip_range r;
	if (range_parse(s, &r) != NULL)
		unit_fail(__FILE__, __LINE__, s);
	return r;
}

static void test_ranges(void)
{
	ip_range r = range("192.0.2.10-192.0.2.20");
	char buf[RANGE_STR_LEN];
	CHECK(str_is(range_str(&r, buf, sizeof(buf)), "192.0.2.10-192.0.2.20"));
	ip_subnet s;
	CHECK(!range_to_subnet(&r, &s));
	CHECK(range_to_subnet(&(ip_range){ addr("192.0.2.8"), addr("192.0.2.15") }, &s) &&
	      str_is(subnet_str(&s, buf, sizeof(buf)), "192.0.2.8/29"));
	CHECK(!range_to_subnet(&(ip_range){ addr("192.0.2.9"), addr("192.0.2.16") }, &s));
	CHECK(range_to_subnet(&(ip_range){ addr("192.0.2.9"), addr("192.0.2.9") }, &s) &&
	      s.prefix == 32);

	ip_range inner = range("192.0.2.12-192.0.2.15"), other = range("192.0.2.15-192.0.2.30");
	CHECK(range_contains_range(&r, &inner) && !range_contains_range(&inner, &r));
	CHECK(!range_contains_range(&r, &other));
	ip_range x;
	CHECK(range_intersect(&r, &other, &x) &&
	      str_is(range_str(&x, buf, sizeof(buf)), "192.0.2.15-192.0.2.20"));
	CHECK(range_intersect(&r, &inner, &x) && range_eq(&x, &inner));
	ip_range apart = range("192.0.2.21-192.0.2.22");
	CHECK(!range_intersect(&r, &apart, &x));
	ip_range v6 = range("2001:db8::1-2001:db8::ff");
	CHECK(!range_intersect(&r, &v6, &x) && !range_contains_range(&r, &v6));
	CHECK(range_contains_range(&v6, &(ip_range){ addr("2001:db8::2"), addr("2001:db8::3") }));

	static const char *const bad[] = {
		"", "192.0.2.1", "192.0.2.20-192.0.2.10", "192.0.2.1-2001:db8::1", "-192.0.2.1",
		"192.0.2.1-", "192.0.2.1--192.0.2.2", "192.0.2.1-192.0.2.2-192.0.2.3",
		"192.0.2.1 - 192.0.2.2", "192.0.2.0/24",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (range_parse(bad[i], &x) == NULL) {
			fprintf(stderr, "  accepted: \"%s\"\n", bad[i]);
			CHECK(!"hostile range accepted");
		}
	}
	CHECK(strstr(range_parse("192.0.2.20-192.0.2.10", &x), "after") != NULL);
}

static void test_endpoints(void)
{
	ip_endpoint e;
	char buf[ENDPOINT_STR_LEN];
	CHECK(endpoint_parse("192.0.2.1:500", &e) == NULL && e.port == 500);
	CHECK(str_is(endpoint_str(&e, buf, sizeof(buf)), "192.0.2.1:500"));
	CHECK(endpoint_parse("[2001:db8::1]:4500", &e) == NULL && e.port == 4500);
	CHECK(str_is(endpoint_str(&e, buf, sizeof(buf)), "[2001:db8::1]:4500"));
	CHECK(endpoint_parse("192.0.2.1:65535", &e) == NULL && e.port == 65535);
	static const char *const bad[] = {
		"", "192.0.2.1", "192.0.2.1:", "192.0.2.1:65536", "192.0.2.1:-1", "192.0.2.1:+1",
		"192.0.2.1: 500", "192.0.2.1:500 ", "2001:db8::1:500", "[2001:db8::1]",
		"[2001:db8::1]500", "[192.0.2.1]:500", ":500", "[]:500", "[2001:db8::1:500",
		"192.0.2.1:0x1f4", "host.example:500", "192.0.2.1:99999999999999999999999",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (endpoint_parse(bad[i], &e) == NULL) {
			fprintf(stderr, "  accepted: \"%s\"\n", bad[i]);
			CHECK(!"hostile endpoint accepted");
		}
	}
}

static void test_sockaddr(void)
{
	ip_endpoint e, back;
	struct sockaddr_storage ss;
	CHECK(endpoint_parse("192.0.2.1:500", &e) == NULL);
	socklen_t len = endpoint_to_sockaddr(&e, &ss);
	CHECK(len == sizeof(struct sockaddr_in) && ss.ss_family == AF_INET);
	const struct sockaddr_in *sin = (const struct sockaddr_in *)&ss;
	CHECK(ntohs(sin->sin_port) == 500 && ntohl(sin->sin_addr.s_addr) == 0xc0000201);
	CHECK(endpoint_from_sockaddr((struct sockaddr *)&ss, len, &back));
	CHECK(address_eq(&back.addr, &e.addr) && back.port == 500);
	CHECK(!endpoint_from_sockaddr((struct sockaddr *)&ss, len - 1, &back));

	CHECK(endpoint_parse("[2001:db8::7]:4500", &e) == NULL);
	len = endpoint_to_sockaddr(&e, &ss);
	CHECK(len == sizeof(struct sockaddr_in6) && ss.ss_family == AF_INET6);
	CHECK(endpoint_from_sockaddr((struct sockaddr *)&ss, len, &back));
	CHECK(address_eq(&back.addr, &e.addr) && back.port == 4500);
	CHECK(!endpoint_from_sockaddr((struct sockaddr *)&ss, sizeof(struct sockaddr_in), &back));

	ip_endpoint unset = { .port = 1 };
	CHECK(endpoint_to_sockaddr(&unset, &ss) == 0);
	ss.ss_family = AF_UNIX;
	CHECK(!endpoint_from_sockaddr((struct sockaddr *)&ss, sizeof(ss), &back));
	CHECK(!endpoint_from_sockaddr(NULL, 0, &back));
	CHECK(!endpoint_from_sockaddr((struct sockaddr *)&ss, 1, &back));
}

UNIT_MAIN(UNIT(test_address_parse), UNIT(test_address_hostile), UNIT(test_address_compare),
	  UNIT(test_subnet_parse), UNIT(test_subnet_ops), UNIT(test_ranges), UNIT(test_endpoints),
	  UNIT(test_sockaddr))
