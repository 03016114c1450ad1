/*
 * Private to dh.c and dh_import.c: the key pair representation and the
 * NSS encodings of the groups.
 */
#ifndef DH_NSS_H
#define DH_NSS_H

#include <keyhi.h>
#include <pk11pub.h>

#include "ikev2_dh.h"

struct dh_keypair {
	const struct dh_desc *group;
	SECKEYPrivateKey *priv;	/* owned; session object in the internal slot */
	struct chunk ke;	/* our KE data, group->ke_len octets */
};

/* DER of the named-curve OID (the PKCS #11 CKA_EC_PARAMS); buf >= 16. */
bool dh_ec_params(const struct dh_desc *group, uint8_t *buf, size_t len, SECItem *params);
/* The DER OID of the curve alone, for PKCS #8 AlgorithmIdentifier. */
bool dh_ec_oid(const struct dh_desc *group, SECItem *oid);
/* Takes ownership of priv. */
struct dh_keypair *dh_keypair_wrap(const struct dh_desc *group, SECKEYPrivateKey *priv,
				   struct bytes ke);

#endif
