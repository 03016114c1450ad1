/*
 * IP addresses: comparison, construction, text conversion.
 *
 * Parsing goes through inet_pton, which accepts only the canonical forms
 * (dotted quad without leading zeros, RFC 4291 text), so "01.2.3.4",
 * "1.2.3", "0x1.2.3.4" or a scope suffix are refused rather than
 * silently reinterpreted the way inet_aton would.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "ip_address.h"
#include "ip_internal.h"

/* Longest text inet_pton can accept (IPv6 with an embedded IPv4 tail). */
#define ADDRESS_TEXT_MAX 45

size_t address_len(const ip_address *a)
{
	switch (a->family) {
	case AF_INET:
		return 4;
	case AF_INET6:
		return 16;
	default:
		return 0;
	}
}

unsigned address_bits(const ip_address *a)
{
	return (unsigned)address_len(a) * 8;
}

bool address_is_set(const ip_address *a)
{
	return address_len(a) > 0;
}

bool address_is_any(const ip_address *a)
{
	size_t n = address_len(a);
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (a->bytes[i] != 0)
			return false;
	}
	return true;
}

int address_cmp(const ip_address *a, const ip_address *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, address_len(a));
}

bool address_eq(const ip_address *a, const ip_address *b)
{
	return address_cmp(a, b) == 0;
}

ip_address address_from_bytes(int family, const uint8_t *bytes)
{
	ip_address a = { .family = 0 };
	if (family != AF_INET && family != AF_INET6)
		return a;
	a.family = (uint8_t)family;
	memcpy(a.bytes, bytes, address_len(&a));
	return a;
}

ip_address address_any(int family)
{
	static const uint8_t zero[16];
	return address_from_bytes(family, zero);
}

const char *address_parse(const char *s, ip_address *out)
{
	*out = (ip_address){ .family = 0 };
	if (s == NULL || s[0] == '\0')
		return "empty address";
	if (strlen(s) > ADDRESS_TEXT_MAX)
		return "address too long";
	uint8_t buf[16];
	if (inet_pton(AF_INET, s, buf) == 1) {
		*out = address_from_bytes(AF_INET, buf);
		return NULL;
	}
	if (inet_pton(AF_INET6, s, buf) == 1) {
		*out = address_from_bytes(AF_INET6, buf);
		return NULL;
	}
	if (strchr(s, ':') != NULL && strchr(s, '%') != NULL)
		return "not an IP address (scoped IPv6 addresses are not supported)";
	return "not an IPv4 or IPv6 address";
}

const char *address_str(const ip_address *a, char *buf, size_t len)
{
	char text[INET6_ADDRSTRLEN];
	const char *t = "<unset>";
	if (address_is_set(a) && inet_ntop(a->family, a->bytes, text, sizeof(text)) != NULL)
		t = text;
	if (len > 0)
		snprintf(buf, len, "%s", t);
	return buf;
}

bool ip_parse_decimal(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	if (s[0] == '\0')
		return false;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max)
			return false;	/* also stops before any overflow */
	}
	*out = v;
	return true;
}

/* Mask of the host bits in byte i for a prefix: 0x00 (all network) .. 0xff. */
static uint8_t host_mask(unsigned i, unsigned prefix)
{
	unsigned first = i * 8;
	if (prefix <= first)
		return 0xff;
	if (prefix >= first + 8)
		return 0x00;
	return (uint8_t)(0xff >> (prefix - first));
}

void ip_set_host_bits(ip_address *a, unsigned prefix, bool set)
{
	size_t n = address_len(a);
	for (size_t i = 0; i < n; i++) {
		uint8_t m = host_mask((unsigned)i, prefix);
		a->bytes[i] = set ? (a->bytes[i] | m) : (a->bytes[i] & (uint8_t)~m);
	}
}

bool ip_host_bits_zero(const ip_address *a, unsigned prefix)
{
	size_t n = address_len(a);
	for (size_t i = 0; i < n; i++) {
		if ((a->bytes[i] & host_mask((unsigned)i, prefix)) != 0)
			return false;
	}
	return true;
}
