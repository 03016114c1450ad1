/*
 * IKE identities (RFC 7296 section 3.5) in three forms:
 *
 *   config text   ipsec.conf / ipsec.secrets syntax (ike_id_parse, ike_id_str)
 *   wire          ID Type + the body that follows the 4 bytes of
 *                 type/reserved in an ID payload (ike_id_from_wire,
 *                 ike_id_to_wire)
 *   struct        struct ike_id: the type and an owned copy of the body
 *
 * Config text forms (libreswan's):
 *   192.0.2.1, 2001:db8::1   ID_IPV4_ADDR / ID_IPV6_ADDR
 *   @host.example            ID_FQDN "host.example"
 *   user@host.example        ID_RFC822_ADDR
 *   @#0a1b2c, @#0x0a1b2c     ID_KEY_ID, body in hex
 *   @[GroupName]             ID_KEY_ID, body as text (the "]" is optional)
 *   C=CA, O=Example, CN=west ID_DER_ASN1_DN from the text (ike_id_dn.h; needs NSS)
 *   @~3081...                ID_DER_ASN1_DN, DER in hex (no DER check yet)
 *   %any, %any6, %none,
 *   0.0.0.0, ::              any ID (a wildcard, never sent)
 *   %fromcert                the subject DN of leftcert= (resolved by pluto)
 *   %null                    ID_NULL (RFC 7619)
 * "@@..." is refused (not a libreswan form; a key ID is @#hex or @[text]).
 * Host names without "@" are refused: libreswan resolves them to an
 * address ID, but this library does no DNS; write @name or the address.
 * A DN prints as NSS's text of it when NSS is up, else as @~HEX.
 *
 * Comparison: FQDN and RFC822 bodies compare case-insensitively and
 * ignore trailing dots (like libreswan); DNs as DER or, failing that, as
 * NSS's text of each; all other bodies byte for byte.
 */
#ifndef IKE_ID_H
#define IKE_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "chunk.h"
#include "ip_address.h"

enum ike_id_type {
	IKE_ID_UNSET = 0,		/* nothing configured (a zeroed struct) */
	/* IANA "IKEv2 Identification Payload ID Types" */
	IKE_ID_IPV4_ADDR = 1,
	IKE_ID_FQDN = 2,
	IKE_ID_RFC822_ADDR = 3,
	IKE_ID_IPV6_ADDR = 5,
	IKE_ID_DER_ASN1_DN = 9,
	IKE_ID_DER_ASN1_GN = 10,	/* named only: refused on input */
	IKE_ID_KEY_ID = 11,
	IKE_ID_NULL = 13,		/* RFC 7619 */
	/* configuration markers, outside the 8-bit wire space */
	IKE_ID_ANY = 256,		/* %any: matches every ID */
	IKE_ID_FROMCERT = 257,		/* %fromcert: taken from the certificate */
};

/* Longest body accepted from config or wire (a DN fits comfortably). */
#define IKE_ID_BODY_MAX 2048
/* Buffer for ike_id_str; longer IDs are cut and end in "...". */
#define IKE_ID_STR_LEN 320

struct ike_id {
	enum ike_id_type type;
	/*
	 * Exactly the ID payload body: 4 or 16 address bytes, the name
	 * without "@" for FQDN, the DER for a DN, the key id bytes; empty
	 * for the markers and ID_NULL.  Owned: ike_id_free().
	 */
	struct chunk body;
};

/* Parse config text; returns NULL or a reason (static text). */
const char *ike_id_parse(const char *text, struct ike_id *out);
/* Config text for logs and round trips; non-printable bytes show as '?'. */
const char *ike_id_str(const struct ike_id *id, char *buf, size_t len);
const char *ike_id_type_name(enum ike_id_type type);

/* From a received ID payload; returns NULL or a reason. */
const char *ike_id_from_wire(uint8_t type, struct bytes body, struct ike_id *out);
/* For an ID payload; false for UNSET, ANY and FROMCERT (nothing to send). */
bool ike_id_to_wire(const struct ike_id *id, uint8_t *type, struct bytes *body);

struct ike_id ike_id_from_address(const ip_address *a);
/* The address of an IPV4/IPV6 ID; false for other types. */
bool ike_id_address(const struct ike_id *id, ip_address *out);
struct ike_id ike_id_clone(const struct ike_id *id);
void ike_id_free(struct ike_id *id);

bool ike_id_is_set(const struct ike_id *id);	/* not UNSET */
bool ike_id_is_any(const struct ike_id *id);
/* Same identity (see the comparison rules above). */
bool ike_id_eq(const struct ike_id *a, const struct ike_id *b);
/*
 * Does id satisfy pattern?  A %any pattern matches every ID; otherwise
 * ike_id_eq.  One-way on purpose: an ANY id only matches an ANY pattern,
 * so nothing received can act as a wildcard.
 */
bool ike_id_match(const struct ike_id *pattern, const struct ike_id *id);

#endif
