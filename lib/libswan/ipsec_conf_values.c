/*
 * ipsec.conf value conversion: one parser per conf_type, each writing
 * the C type its field has (see enum conf_type).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec_conf_internal.h"

/* Digits only, at most max; the rest of the string is left at *end. */
static bool parse_digits(const char *s, uint64_t max, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	const char *p = s;
	for (; isdigit((unsigned char)*p); p++) {
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > max)
			return false;
	}
	if (p == s)
		return false;
	*out = v;
	*end = p;
	return true;
}

static const char *parse_bool(const char *v, bool *out)
{
	if (strcmp(v, "yes") == 0)
		*out = true;
	else if (strcmp(v, "no") == 0)
		*out = false;
	else
		return "expected yes or no";
	return NULL;
}

/* "expected one of: a, b, c" listing the accepted (not refused) names. */
static const char *expected_names(const struct conf_name *names, char *buf, size_t len)
{
	size_t pos = (size_t)snprintf(buf, len, "expected one of:");
	const char *sep = " ";
	for (const struct conf_name *n = names; n->name != NULL && pos < len; n++) {
		if (n->refuse != NULL)
			continue;
		pos += (size_t)snprintf(buf + pos, len - pos, "%s%s", sep, n->name);
		sep = ", ";
	}
	return buf;
}

static const struct conf_name *find_name(const struct conf_name *names, const char *v, size_t n)
{
	for (const struct conf_name *p = names; p != NULL && p->name != NULL; p++) {
		if (strlen(p->name) == n && strncmp(p->name, v, n) == 0)
			return p;
	}
	return NULL;
}

static const char *parse_enum(const struct conf_keyword *kw, const char *v, int *out,
			      char *buf, size_t len)
{
	const struct conf_name *n = find_name(kw->names, v, strlen(v));
	if (n == NULL)
		return expected_names(kw->names, buf, len);
	if (n->refuse != NULL)
		return n->refuse;
	*out = n->value;
	return NULL;
}

static const char *parse_flags(const struct conf_keyword *kw, const char *v, unsigned *out,
			       char *buf, size_t len)
{
	unsigned flags = 0;
	for (const char *p = v;;) {
		size_t n = strcspn(p, ",");
		/* tolerate "a, b" as well as "a,b" */
		while (n > 0 && p[0] == ' ')
			p++, n--;
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0)
			return "empty item in the list";
		const struct conf_name *name = find_name(kw->names, p, n);
		if (name == NULL)
			return expected_names(kw->names, buf, len);
		if (name->refuse != NULL)
			return name->refuse;
		flags |= (unsigned)name->value;
		p += strcspn(p, ",");
		if (*p == '\0')
			break;
		p++;
	}
	*out = flags;
	return NULL;
}

static const char *parse_number(const struct conf_keyword *kw, const char *v, uint32_t *out,
				char *buf, size_t len)
{
	const struct conf_name *n = find_name(kw->names, v, strlen(v));
	if (n != NULL) {
		*out = (uint32_t)n->value;
		return NULL;
	}
	uint64_t x;
	const char *end;
	if (!parse_digits(v, kw->max, &x, &end) || *end != '\0') {
		snprintf(buf, len, "expected a number from 0 to %u%s%s", kw->max,
			 kw->names != NULL ? " or " : "", kw->names != NULL ? kw->names[0].name : "");
		return buf;
	}
	*out = (uint32_t)x;
	return NULL;
}

struct time_unit {
	const char *suffix;
	uint64_t ms;
};

/* A number with an optional unit suffix, converted to units of `base` ms. */
static const char *parse_time(const char *v, const struct time_unit *units, uint64_t base,
			      uint32_t *out)
{
	uint64_t x;
	const char *end;
	if (!parse_digits(v, UINT32_MAX, &x, &end))
		return "expected a time: a number with an optional unit";
	for (const struct time_unit *u = units; u->suffix != NULL; u++) {
		if (strcmp(end, u->suffix) != 0)
			continue;
		uint64_t ms = x * u->ms;	/* < 2^32 * 2^27: no overflow */
		if (ms % base != 0)
			return "time is finer than this setting can hold";
		if (ms / base > UINT32_MAX)
			return "time too large";
		*out = (uint32_t)(ms / base);
		return NULL;
	}
	return base == 1 ? "unknown time unit (use ms, s, m or h; no unit means ms)"
			 : "unknown time unit (use s, m, h or d; no unit means seconds)";
}

static const struct time_unit seconds_units[] = {
	{ "", 1000 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 }, { "d", 86400000 },
	{ NULL, 0 },
};

static const struct time_unit millisecond_units[] = {
	{ "", 1 }, { "ms", 1 }, { "s", 1000 }, { "m", 60000 }, { "h", 3600000 },
	{ NULL, 0 },
};

static const char *parse_percent(const struct conf_keyword *kw, const char *v, uint32_t *out,
				 char *buf, size_t len)
{
	uint64_t x;
	const char *end;
	if (!parse_digits(v, kw->max, &x, &end) || (strcmp(end, "%") != 0 && *end != '\0')) {
		snprintf(buf, len, "expected a percentage from 0%% to %u%%", kw->max);
		return buf;
	}
	*out = (uint32_t)x;
	return NULL;
}

static const char *parse_port(const char *v, uint16_t *out)
{
	uint64_t x;
	const char *end;
	if (!parse_digits(v, 65535, &x, &end) || *end != '\0' || x == 0)
		return "expected a port from 1 to 65535";
	*out = (uint16_t)x;
	return NULL;
}

static const char *parse_address(const char *v, ip_address *out)
{
	if (strcmp(v, "%any") == 0) {
		*out = (ip_address){ .family = 0 };
		return NULL;
	}
	return address_parse(v, out);
}

/* RFC 1123 host name: dot-separated labels of letters, digits and '-'. */
static bool is_host_name(const char *s)
{
	size_t total = strlen(s), label = 0;
	if (total == 0 || total > 253)
		return false;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (isalnum((unsigned char)*p) || *p == '-' || *p == '_') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return true;
}

static const char *parse_host(const char *v, struct conn_host *out)
{
	*out = (struct conn_host){ .kind = HOST_UNSET };
	if (strcmp(v, "%any") == 0) {
		out->kind = HOST_ANY;
		return NULL;
	}
	if (strcmp(v, "%any6") == 0) {
		*out = (struct conn_host){ .kind = HOST_ANY, .addr = address_any(AF_INET6) };
		return NULL;
	}
	if (strcmp(v, "%defaultroute") == 0) {
		out->kind = HOST_DEFAULTROUTE;
		return NULL;
	}
	if (v[0] == '%')
		return "expected an address, a host name, %any, %any6 or %defaultroute";
	ip_address a;
	const char *err = address_parse(v, &a);
	if (err == NULL) {
		/* like libreswan, the all-zero address means %any */
		out->kind = address_is_any(&a) ? HOST_ANY : HOST_ADDRESS;
		out->addr = a;
		return NULL;
	}
	if (strchr(v, ':') != NULL || strspn(v, "0123456789.") == strlen(v))
		return err;	/* meant as an address */
	if (!is_host_name(v))
		return "neither an IP address nor a valid host name";
	*out = (struct conn_host){ .kind = HOST_NAME, .name = xstrdup(v) };
	return NULL;
}

static const struct conf_name protocol_names[] = {
	{ "%any", 0, NULL }, { "icmp", 1, NULL }, { "tcp", 6, NULL }, { "udp", 17, NULL },
	{ "gre", 47, NULL }, { "esp", 50, NULL }, { "ah", 51, NULL }, { "icmpv6", 58, NULL },
	{ "ipv6-icmp", 58, NULL }, { "sctp", 132, NULL }, { NULL, 0, NULL },
};

static const char *parse_protoport(const char *v, struct protoport *out)
{
	size_t n = strcspn(v, "/");
	const struct conf_name *name = find_name(protocol_names, v, n);
	uint64_t proto, port = 0;
	const char *end;
	if (name != NULL)
		proto = (uint64_t)name->value;
	else if (!parse_digits(v, 255, &proto, &end) || end != v + n)
		return "expected PROTOCOL[/PORT]: a protocol name or number 0-255";
	if (v[n] == '/') {
		const char *p = v + n + 1;
		if (strcmp(p, "%any") != 0 &&
		    (!parse_digits(p, 65535, &port, &end) || *end != '\0'))
			return "expected PROTOCOL/PORT with a port from 0 to 65535 or %any";
	}
	*out = (struct protoport){ .set = true, .proto = (uint8_t)proto, .port = (uint16_t)port };
	return NULL;
}

const char *conf_value_parse(const struct conf_keyword *kw, const char *v, void *field,
			     char *buf, size_t len)
{
	switch (kw->type) {
	case CT_STRING:
		*(char **)field = xstrdup(v);
		return NULL;
	case CT_BOOL:
		return parse_bool(v, field);
	case CT_NUMBER:
		return parse_number(kw, v, field, buf, len);
	case CT_SECONDS:
		return parse_time(v, seconds_units, 1000, field);
	case CT_MILLISECONDS:
		return parse_time(v, millisecond_units, 1, field);
	case CT_PERCENT:
		return parse_percent(kw, v, field, buf, len);
	case CT_PORT:
		return parse_port(v, field);
	case CT_ENUM:
		return parse_enum(kw, v, field, buf, len);
	case CT_FLAGS:
		return parse_flags(kw, v, field, buf, len);
	case CT_ADDRESS:
		return parse_address(v, field);
	case CT_HOST:
		return parse_host(v, field);
	case CT_SUBNET:
		return subnet_parse(v, field);
	case CT_ID:
		return ike_id_parse(v, field);
	case CT_PROTOPORT:
		return parse_protoport(v, field);
	}
	return "internal error: unknown value type";
}

void conf_value_free(const struct conf_keyword *kw, void *field)
{
	switch (kw->type) {
	case CT_STRING:
		free(*(char **)field);
		*(char **)field = NULL;
		break;
	case CT_HOST: {
		struct conn_host *h = field;
		free(h->name);
		*h = (struct conn_host){ .kind = HOST_UNSET };
		break;
	}
	case CT_ID:
		ike_id_free(field);
		break;
	default:
		break;
	}
}

/* Room for any field type. */
union conf_scratch {
	char *string;
	bool boolean;
	uint32_t number;
	uint16_t port;
	int enumeration;
	unsigned flags;
	ip_address address;
	struct conn_host host;
	ip_subnet subnet;
	struct ike_id id;
	struct protoport protoport;
};

const char *conf_value_check(const struct conf_keyword *kw, const char *value,
			     char *buf, size_t len)
{
	union conf_scratch scratch;
	memset(&scratch, 0, sizeof(scratch));
	const char *err = conf_value_parse(kw, value, &scratch, buf, len);
	conf_value_free(kw, &scratch);
	return err;
}

/* Enum fields are written through an int: make sure that is their size. */
_Static_assert(sizeof(enum conn_auto) == sizeof(int), "enum fields must be int-sized");
_Static_assert(sizeof(enum protostack) == sizeof(int), "enum fields must be int-sized");
