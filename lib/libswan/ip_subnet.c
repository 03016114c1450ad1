/*
 * Subnets (address/prefix) and inclusive address ranges.
 *
 * A subnet never has host bits set: "10.0.0.1/24" is refused instead of
 * being silently truncated to 10.0.0.0/24, because the writer may have
 * meant 10.0.0.1/32 and a wrong guess changes which traffic is
 * protected.  Libreswan refuses it for the same reason.
 */
#include <stdio.h>
#include <string.h>

#include "ip_address.h"
#include "ip_internal.h"

/* Longest accepted "address/prefix" text. */
#define SUBNET_TEXT_MAX 64
/* Longest accepted "address-address" text. */
#define RANGE_TEXT_MAX 96

bool subnet_is_set(const ip_subnet *s)
{
	return address_is_set(&s->addr);
}

bool subnet_eq(const ip_subnet *a, const ip_subnet *b)
{
	return address_eq(&a->addr, &b->addr) && a->prefix == b->prefix;
}

ip_subnet subnet_from_address(const ip_address *a)
{
	return (ip_subnet){ .addr = *a, .prefix = (uint8_t)address_bits(a) };
}

const char *subnet_parse(const char *s, ip_subnet *out)
{
	*out = (ip_subnet){ .prefix = 0 };
	if (s == NULL || s[0] == '\0')
		return "empty subnet";
	if (strlen(s) > SUBNET_TEXT_MAX)
		return "subnet too long";
	char text[SUBNET_TEXT_MAX + 1];
	strcpy(text, s);
	char *slash = strchr(text, '/');
	if (slash != NULL)
		*slash = '\0';
	ip_address a;
	const char *err = address_parse(text, &a);
	if (err != NULL)
		return err;
	if (slash == NULL) {
		*out = subnet_from_address(&a);
		return NULL;
	}
	unsigned long prefix;
	if (!ip_parse_decimal(slash + 1, address_bits(&a), &prefix))
		return a.family == AF_INET ? "prefix length must be a number from 0 to 32"
					   : "prefix length must be a number from 0 to 128";
	if (!ip_host_bits_zero(&a, (unsigned)prefix))
		return "host bits are set after the prefix length (like libreswan, "
		       "10.0.0.1/24 is refused: write the network address, 10.0.0.0/24)";
	*out = (ip_subnet){ .addr = a, .prefix = (uint8_t)prefix };
	return NULL;
}

const char *subnet_str(const ip_subnet *s, char *buf, size_t len)
{
	char a[ADDRESS_STR_LEN];
	if (!subnet_is_set(s)) {
		snprintf(buf, len, "<unset>");
		return buf;
	}
	snprintf(buf, len, "%s/%u", address_str(&s->addr, a, sizeof(a)), s->prefix);
	return buf;
}

bool subnet_contains(const ip_subnet *s, const ip_address *a)
{
	if (!subnet_is_set(s) || s->addr.family != a->family)
		return false;
	ip_address net = *a;
	ip_set_host_bits(&net, s->prefix, false);
	return address_eq(&net, &s->addr);
}

ip_range subnet_range(const ip_subnet *s)
{
	ip_range r = { .start = s->addr, .end = s->addr };
	ip_set_host_bits(&r.start, s->prefix, false);
	ip_set_host_bits(&r.end, s->prefix, true);
	return r;
}

/* A usable range: both ends set, one family, start <= end. */
static bool range_is_valid(const ip_range *r)
{
	return address_is_set(&r->start) && r->start.family == r->end.family &&
	       address_cmp(&r->start, &r->end) <= 0;
}

bool range_eq(const ip_range *a, const ip_range *b)
{
	return address_eq(&a->start, &b->start) && address_eq(&a->end, &b->end);
}

bool range_to_subnet(const ip_range *r, ip_subnet *out)
{
	if (!range_is_valid(r))
		return false;
	unsigned bits = address_bits(&r->start);
	for (unsigned prefix = 0; prefix <= bits; prefix++) {
		ip_subnet s = { .addr = r->start, .prefix = (uint8_t)prefix };
		if (!ip_host_bits_zero(&s.addr, prefix))
			continue;
		ip_range covered = subnet_range(&s);
		if (address_eq(&covered.end, &r->end)) {
			*out = s;
			return true;
		}
	}
	return false;
}

bool range_contains_range(const ip_range *outer, const ip_range *inner)
{
	return range_is_valid(outer) && range_is_valid(inner) &&
	       outer->start.family == inner->start.family &&
	       address_cmp(&outer->start, &inner->start) <= 0 &&
	       address_cmp(&inner->end, &outer->end) <= 0;
}

bool range_intersect(const ip_range *a, const ip_range *b, ip_range *out)
{
	if (!range_is_valid(a) || !range_is_valid(b) || a->start.family != b->start.family)
		return false;
	ip_range r = {
		.start = address_cmp(&a->start, &b->start) >= 0 ? a->start : b->start,
		.end = address_cmp(&a->end, &b->end) <= 0 ? a->end : b->end,
	};
	if (address_cmp(&r.start, &r.end) > 0)
		return false;
	*out = r;
	return true;
}

const char *range_parse(const char *s, ip_range *out)
{
	*out = (ip_range){ .start.family = 0 };
	if (s == NULL || s[0] == '\0')
		return "empty range";
	if (strlen(s) > RANGE_TEXT_MAX)
		return "range too long";
	char text[RANGE_TEXT_MAX + 1];
	strcpy(text, s);
	char *dash = strchr(text, '-');
	if (dash == NULL)
		return "a range is written START-END";
	*dash = '\0';
	if (strchr(dash + 1, '-') != NULL)
		return "a range has exactly one '-'";
	ip_range r;
	const char *err = address_parse(text, &r.start);
	if (err != NULL)
		return err;
	err = address_parse(dash + 1, &r.end);
	if (err != NULL)
		return err;
	if (r.start.family != r.end.family)
		return "range mixes IPv4 and IPv6";
	if (address_cmp(&r.start, &r.end) > 0)
		return "range start is after its end";
	*out = r;
	return NULL;
}

const char *range_str(const ip_range *r, char *buf, size_t len)
{
	char a[ADDRESS_STR_LEN], b[ADDRESS_STR_LEN];
	snprintf(buf, len, "%s-%s", address_str(&r->start, a, sizeof(a)),
		 address_str(&r->end, b, sizeof(b)));
	return buf;
}
