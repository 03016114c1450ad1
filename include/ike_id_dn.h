/*
 * ID_DER_ASN1_DN identities: a distinguished name written as text in
 * ipsec.conf ("C=CA, O=Example, CN=west"), held and sent as DER.  Text
 * and DER are converted by NSS (CERT_AsciiToName, CERT_NameToAscii), so
 * NSS must be initialised first (pluto does so before reading its
 * configuration); before that, a text DN is refused and a DER DN prints
 * as @~HEX.
 */
#ifndef IKE_ID_DN_H
#define IKE_ID_DN_H

#include <stdbool.h>
#include <stddef.h>

#include "chunk.h"
#include "ike_id.h"

/* "C=.., CN=.." to an ID_DER_ASN1_DN; NULL or a reason (static text). */
const char *ike_id_dn_parse(const char *text, struct ike_id *out);
/* DER to RFC 4514-style text in buf; false when not a decodable DN. */
bool ike_id_dn_str(struct bytes der, char *buf, size_t len);
/*
 * The same name?  Byte-equal DER, or equal once both are decoded and
 * printed: the same DN may be sent with another string type
 * (PrintableString / UTF8String) than the one our configuration makes.
 */
bool ike_id_dn_eq(struct bytes a, struct bytes b);

#endif
