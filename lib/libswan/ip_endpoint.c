/*
 * Endpoints (address + UDP port) and their sockaddr form.
 *
 * IPv6 endpoints must be bracketed ("[2001:db8::1]:500"): without the
 * brackets "2001:db8::1:500" is itself a valid address, so guessing
 * where the port starts would be wrong some of the time.
 */
#include <stdio.h>
#include <string.h>

#include "ip_address.h"
#include "ip_internal.h"

#define ENDPOINT_TEXT_MAX 64

static const char *parse_port(const char *s, uint16_t *port)
{
	unsigned long v;
	if (!ip_parse_decimal(s, 65535, &v))
		return "port must be a number from 0 to 65535";
	*port = (uint16_t)v;
	return NULL;
}

const char *endpoint_parse(const char *s, ip_endpoint *out)
{
	*out = (ip_endpoint){ .port = 0 };
	if (s == NULL || s[0] == '\0')
		return "empty endpoint";
	if (strlen(s) > ENDPOINT_TEXT_MAX)
		return "endpoint too long";
	char text[ENDPOINT_TEXT_MAX + 1];
	strcpy(text, s);
	char *addr = text, *port;
	if (text[0] == '[') {
		char *close = strchr(text, ']');
		if (close == NULL || close[1] != ':')
			return "an IPv6 endpoint is written [ADDRESS]:PORT";
		*close = '\0';
		addr = text + 1;
		port = close + 2;
	} else {
		char *colon = strchr(text, ':');
		if (colon == NULL)
			return "an endpoint is written ADDRESS:PORT";
		if (strchr(colon + 1, ':') != NULL)
			return "an IPv6 endpoint is written [ADDRESS]:PORT";
		*colon = '\0';
		port = colon + 1;
	}
	ip_endpoint e;
	const char *err = address_parse(addr, &e.addr);
	if (err != NULL)
		return err;
	if (text[0] == '[' && e.addr.family != AF_INET6)
		return "brackets are only for IPv6 addresses";
	err = parse_port(port, &e.port);
	if (err != NULL)
		return err;
	*out = e;
	return NULL;
}

const char *endpoint_str(const ip_endpoint *e, char *buf, size_t len)
{
	char a[ADDRESS_STR_LEN];
	address_str(&e->addr, a, sizeof(a));
	if (e->addr.family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", a, e->port);
	else
		snprintf(buf, len, "%s:%u", a, e->port);
	return buf;
}

socklen_t endpoint_to_sockaddr(const ip_endpoint *e, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (e->addr.family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)ss;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(e->port);
		memcpy(&sin->sin_addr, e->addr.bytes, 4);
		return sizeof(*sin);
	}
	if (e->addr.family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(e->port);
		memcpy(&sin6->sin6_addr, e->addr.bytes, 16);
		return sizeof(*sin6);
	}
	return 0;
}

bool endpoint_from_sockaddr(const struct sockaddr *sa, socklen_t len, ip_endpoint *out)
{
	if (sa == NULL || len < (socklen_t)sizeof(sa_family_t))
		return false;
	/* copy out rather than cast: the caller's buffer may be unaligned */
	if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
		struct sockaddr_in sin;
		memcpy(&sin, sa, sizeof(sin));
		*out = (ip_endpoint){
			.addr = address_from_bytes(AF_INET, (const uint8_t *)&sin.sin_addr),
			.port = ntohs(sin.sin_port),
		};
		return true;
	}
	if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		struct sockaddr_in6 sin6;
		memcpy(&sin6, sa, sizeof(sin6));
		*out = (ip_endpoint){
			.addr = address_from_bytes(AF_INET6, (const uint8_t *)&sin6.sin6_addr),
			.port = ntohs(sin6.sin6_port),
		};
		return true;
	}
	return false;
}
