/*
 * IKE identities: wire form, comparison, ownership.
 * (Config text is in ike_id_text.c.)
 */
#include <ctype.h>
#include <string.h>

#include "ike_id.h"
#include "ike_id_dn.h"

const char *ike_id_type_name(enum ike_id_type type)
{
	switch (type) {
	case IKE_ID_UNSET: return "UNSET";
	case IKE_ID_IPV4_ADDR: return "ID_IPV4_ADDR";
	case IKE_ID_FQDN: return "ID_FQDN";
	case IKE_ID_RFC822_ADDR: return "ID_RFC822_ADDR";
	case IKE_ID_IPV6_ADDR: return "ID_IPV6_ADDR";
	case IKE_ID_DER_ASN1_DN: return "ID_DER_ASN1_DN";
	case IKE_ID_DER_ASN1_GN: return "ID_DER_ASN1_GN";
	case IKE_ID_KEY_ID: return "ID_KEY_ID";
	case IKE_ID_NULL: return "ID_NULL";
	case IKE_ID_ANY: return "%any";
	case IKE_ID_FROMCERT: return "%fromcert";
	}
	return "unknown";
}

/*
 * RFC 7296 3.5: FQDN and RFC822 strings "MUST NOT contain any
 * terminators (e.g., NULL, CR, etc.)".  Refusing every control byte also
 * keeps these bodies safe to handle as C strings and to print.
 */
static bool text_body_ok(struct bytes b)
{
	for (size_t i = 0; i < b.len; i++) {
		if (b.ptr[i] < 0x20 || b.ptr[i] == 0x7f)
			return false;
	}
	return true;
}

const char *ike_id_from_wire(uint8_t type, struct bytes body, struct ike_id *out)
{
	*out = (struct ike_id){ .type = IKE_ID_UNSET };
	if (body.len > IKE_ID_BODY_MAX)
		return "ID body too long";
	switch (type) {
	case IKE_ID_IPV4_ADDR:
		if (body.len != 4)
			return "ID_IPV4_ADDR body is not 4 bytes";
		break;
	case IKE_ID_IPV6_ADDR:
		if (body.len != 16)
			return "ID_IPV6_ADDR body is not 16 bytes";
		break;
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		if (body.len == 0)
			return "empty ID_FQDN or ID_RFC822_ADDR";
		if (!text_body_ok(body))
			return "ID_FQDN or ID_RFC822_ADDR contains a control character";
		break;
	case IKE_ID_DER_ASN1_DN:
	case IKE_ID_KEY_ID:
		if (body.len == 0)
			return "empty ID_DER_ASN1_DN or ID_KEY_ID";
		break;
	case IKE_ID_NULL:
		/* RFC 7619: the data carries no identity; ignore any */
		body = EMPTY_BYTES;
		break;
	case IKE_ID_DER_ASN1_GN:
		return "ID_DER_ASN1_GN is not supported";
	default:
		return "unknown ID type";
	}
	*out = (struct ike_id){ .type = (enum ike_id_type)type, .body = chunk_clone(body) };
	return NULL;
}

bool ike_id_to_wire(const struct ike_id *id, uint8_t *type, struct bytes *body)
{
	switch (id->type) {
	case IKE_ID_UNSET:
	case IKE_ID_ANY:
	case IKE_ID_FROMCERT:
		return false;
	default:
		*type = (uint8_t)id->type;
		*body = chunk_bytes(id->body);
		return true;
	}
}

struct ike_id ike_id_from_address(const ip_address *a)
{
	if (!address_is_set(a))
		return (struct ike_id){ .type = IKE_ID_UNSET };
	return (struct ike_id){
		.type = a->family == AF_INET ? IKE_ID_IPV4_ADDR : IKE_ID_IPV6_ADDR,
		.body = chunk_clone(BYTES(a->bytes, address_len(a))),
	};
}

bool ike_id_address(const struct ike_id *id, ip_address *out)
{
	if (id->type == IKE_ID_IPV4_ADDR && id->body.len == 4) {
		*out = address_from_bytes(AF_INET, id->body.ptr);
		return true;
	}
	if (id->type == IKE_ID_IPV6_ADDR && id->body.len == 16) {
		*out = address_from_bytes(AF_INET6, id->body.ptr);
		return true;
	}
	return false;
}

struct ike_id ike_id_clone(const struct ike_id *id)
{
	return (struct ike_id){ .type = id->type, .body = chunk_clone(chunk_bytes(id->body)) };
}

void ike_id_free(struct ike_id *id)
{
	chunk_free(&id->body);
	id->type = IKE_ID_UNSET;
}

bool ike_id_is_set(const struct ike_id *id)
{
	return id->type != IKE_ID_UNSET;
}

bool ike_id_is_any(const struct ike_id *id)
{
	return id->type == IKE_ID_ANY;
}

/* Length without trailing dots: "example.com." names example.com. */
static size_t name_len(struct chunk c)
{
	size_t n = c.len;
	while (n > 0 && c.ptr[n - 1] == '.')
		n--;
	return n;
}

static bool names_eq(struct chunk a, struct chunk b)
{
	size_t n = name_len(a);
	if (n != name_len(b))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (tolower(a.ptr[i]) != tolower(b.ptr[i]))
			return false;
	}
	return true;
}

bool ike_id_eq(const struct ike_id *a, const struct ike_id *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case IKE_ID_FQDN:
	case IKE_ID_RFC822_ADDR:
		return names_eq(a->body, b->body);
	case IKE_ID_DER_ASN1_DN:
		return ike_id_dn_eq(chunk_bytes(a->body), chunk_bytes(b->body));
	default:
		return bytes_eq(chunk_bytes(a->body), chunk_bytes(b->body));
	}
}

bool ike_id_match(const struct ike_id *pattern, const struct ike_id *id)
{
	if (pattern->type == IKE_ID_ANY)
		return true;
	return ike_id_eq(pattern, id);
}
