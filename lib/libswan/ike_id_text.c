/*
 * IKE identities: ipsec.conf / ipsec.secrets text (see ike_id.h for the
 * forms accepted).
 */
#include <stdio.h>
#include <string.h>

#include "ike_id.h"
#include "ike_id_dn.h"

/* Longest ID text: a hex DN of the largest body, plus its prefix. */
#define IKE_ID_TEXT_MAX (2 * IKE_ID_BODY_MAX + 8)

static struct ike_id marker(enum ike_id_type type)
{
	return (struct ike_id){ .type = type };
}

static struct ike_id with_body(enum ike_id_type type, const void *p, size_t n)
{
	return (struct ike_id){ .type = type, .body = chunk_clone(BYTES(p, n)) };
}

/* Printable config text: no control characters (a value may hold spaces). */
static bool text_ok(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
	}
	return true;
}

static const char *parse_hex_body(enum ike_id_type type, const char *hex, struct ike_id *out)
{
	struct chunk c;
	if (!hex_decode(hex, &c))
		return "ID hex is not an even number of hex digits";
	if (c.len == 0) {
		chunk_free(&c);
		return "ID hex is empty";
	}
	if (c.len > IKE_ID_BODY_MAX) {
		chunk_free(&c);
		return "ID too long";
	}
	*out = (struct ike_id){ .type = type, .body = c };
	return NULL;
}

static const char *parse_markers(const char *s, struct ike_id *out)
{
	static const struct {
		const char *text;
		enum ike_id_type type;
	} markers[] = {
		{ "%any", IKE_ID_ANY },
		{ "%any6", IKE_ID_ANY },
		{ "%none", IKE_ID_ANY },
		{ "%fromcert", IKE_ID_FROMCERT },
		{ "%null", IKE_ID_NULL },
	};
	for (size_t i = 0; i < sizeof(markers) / sizeof(markers[0]); i++) {
		if (strcmp(s, markers[i].text) == 0) {
			*out = marker(markers[i].type);
			return NULL;
		}
	}
	return "unknown ID keyword (expected %any, %none, %fromcert or %null)";
}

/* The "@" forms: @[text], @#hex, @~hex, @fqdn. */
static const char *parse_at(const char *s, struct ike_id *out)
{
	const char *rest = s + 1;
	size_t n = strlen(rest);
	if (n > IKE_ID_BODY_MAX && rest[0] != '#' && rest[0] != '~')
		return "ID too long";
	switch (rest[0]) {
	case '[':
		rest++, n--;
		if (n > 0 && rest[n - 1] == ']')
			n--;	/* libreswan: the closing bracket is optional */
		if (n == 0)
			return "empty @[...] key ID";
		*out = with_body(IKE_ID_KEY_ID, rest, n);
		return NULL;
	case '#':
		return parse_hex_body(IKE_ID_KEY_ID, rest + 1, out);
	case '~':
		return parse_hex_body(IKE_ID_DER_ASN1_DN, rest + 1, out);
	case '\0':
		return "empty @FQDN";
	case '@':
		return "@@ is not an ID form: a key ID is @#HEX or @[TEXT]";
	}
	if (strchr(rest, '=') != NULL)
		return "distinguished-name IDs are not supported yet (certificates come later)";
	*out = with_body(IKE_ID_FQDN, rest, n);
	return NULL;
}

const char *ike_id_parse(const char *s, struct ike_id *out)
{
	*out = marker(IKE_ID_UNSET);
	if (s == NULL || s[0] == '\0')
		return "empty ID";
	if (strlen(s) > IKE_ID_TEXT_MAX)
		return "ID too long";
	if (!text_ok(s))
		return "ID contains a control character";
	if (s[0] == '%')
		return parse_markers(s, out);
	if (s[0] == '@')
		return parse_at(s, out);
	if (strchr(s, '=') != NULL)
		return ike_id_dn_parse(s, out);
	if (strchr(s, '@') != NULL) {
		if (strlen(s) > IKE_ID_BODY_MAX)
			return "ID too long";
		*out = with_body(IKE_ID_RFC822_ADDR, s, strlen(s));
		return NULL;
	}
	ip_address a;
	if (address_parse(s, &a) != NULL)
		return "neither an IP address nor an ID: write @NAME for a host-name ID "
		       "(names are not resolved into address IDs)";
	/* libreswan reads the all-zero address as %any */
	*out = address_is_any(&a) ? marker(IKE_ID_ANY) : ike_id_from_address(&a);
	return NULL;
}

/* A bounded appender that remembers it had to cut. */
struct text_out {
	char *buf;
	size_t len, pos;
	bool cut;
};

static void put_char(struct text_out *t, char c)
{
	if (t->pos + 1 < t->len)
		t->buf[t->pos++] = c;
	else
		t->cut = true;
}

static void put_str(struct text_out *t, const char *s)
{
	for (; *s != '\0'; s++)
		put_char(t, *s);
}

static void put_sanitized(struct text_out *t, struct chunk c)
{
	for (size_t i = 0; i < c.len; i++)
		put_char(t, c.ptr[i] >= 0x20 && c.ptr[i] < 0x7f ? (char)c.ptr[i] : '?');
}

static void put_hex(struct text_out *t, struct chunk c)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < c.len; i++) {
		put_char(t, digits[c.ptr[i] >> 4]);
		put_char(t, digits[c.ptr[i] & 0xf]);
	}
}

/* A key ID reads best as @[text] when it is printable text. */
static bool key_id_is_text(struct chunk c)
{
	if (c.len == 0)
		return false;
	for (size_t i = 0; i < c.len; i++) {
		if (c.ptr[i] < 0x20 || c.ptr[i] >= 0x7f || c.ptr[i] == ']')
			return false;
	}
	return true;
}

static void put_id(struct text_out *t, const struct ike_id *id)
{
	ip_address a;
	char abuf[ADDRESS_STR_LEN];
	char dn[IKE_ID_STR_LEN];
	switch (id->type) {
	case IKE_ID_UNSET: put_str(t, "(unset)"); return;
	case IKE_ID_ANY: put_str(t, "%any"); return;
	case IKE_ID_FROMCERT: put_str(t, "%fromcert"); return;
	case IKE_ID_NULL: put_str(t, "%null"); return;
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR:
		if (ike_id_address(id, &a))
			put_str(t, address_str(&a, abuf, sizeof(abuf)));
		else
			put_str(t, "(bad address ID)");
		return;
	case IKE_ID_FQDN:
		put_char(t, '@');
		put_sanitized(t, id->body);
		return;
	case IKE_ID_RFC822_ADDR:
		put_sanitized(t, id->body);
		return;
	case IKE_ID_KEY_ID:
		if (key_id_is_text(id->body)) {
			put_str(t, "@[");
			put_sanitized(t, id->body);
			put_char(t, ']');
		} else {
			put_str(t, "@#");
			put_hex(t, id->body);
		}
		return;
	case IKE_ID_DER_ASN1_DN:
		if (ike_id_dn_str(chunk_bytes(id->body), dn, sizeof(dn))) {
			put_sanitized(t, (struct chunk){ .ptr = (uint8_t *)dn, .len = strlen(dn) });
			return;
		}
		put_str(t, "@~");
		put_hex(t, id->body);
		return;
	case IKE_ID_DER_ASN1_GN:
		break;
	}
	put_str(t, "(unsupported ID type)");
}

const char *ike_id_str(const struct ike_id *id, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	struct text_out t = { .buf = buf, .len = len };
	put_id(&t, id);
	buf[t.pos] = '\0';
	if (t.cut && len >= 4)
		memcpy(buf + len - 4, "...", 4);
	return buf;
}
