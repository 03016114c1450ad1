/*
 * Key pairs from known private values, for known-answer tests: the
 * private key is handed to NSS as a PKCS #8 PrivateKeyInfo (RFC 5208)
 * holding an ECPrivateKey (RFC 5915), which is how NSS imports EC and
 * Curve25519 keys.
 */
#include <string.h>

#include <secoid.h>

#include "dh_nss.h"
#include "wire.h"

#define TAG_INTEGER 0x02
#define TAG_BIT_STRING 0x03
#define TAG_OCTET_STRING 0x04
#define TAG_OID 0x06
#define TAG_SEQUENCE 0x30
#define TAG_CONTEXT_1 0xa1	/* [1] EXPLICIT, constructed */

#define PKCS8_MAX 512

static void der_put(struct wire_out *out, uint8_t tag, struct bytes value)
{
	wire_put_u8(out, tag);
	if (value.len < 0x80) {
		wire_put_u8(out, (uint8_t)value.len);
	} else if (value.len <= 0xff) {
		wire_put_u8(out, 0x81);
		wire_put_u8(out, (uint8_t)value.len);
	} else {
		wire_put_u8(out, 0x82);
		wire_put_u16(out, (uint16_t)value.len);
	}
	wire_put_bytes(out, value);
}

/* ECPrivateKey ::= SEQUENCE { 1, OCTET STRING d, [1] BIT STRING point } */
static void der_ec_private_key(struct wire_out *out, const struct dh_desc *group,
			       struct bytes priv, struct bytes pub)
{
	static const uint8_t version1 = 1;
	uint8_t point[PKCS8_MAX], bits[PKCS8_MAX], body[PKCS8_MAX];
	struct wire_out p = wire_out_buf(point, sizeof(point));
	wire_put_u8(&p, 0);	/* no unused bits */
	if (group->kind == DH_KIND_ECP)
		wire_put_u8(&p, 0x04);
	wire_put_bytes(&p, pub);
	struct wire_out b = wire_out_buf(bits, sizeof(bits));
	der_put(&b, TAG_BIT_STRING, wire_out_bytes(&p));
	struct wire_out s = wire_out_buf(body, sizeof(body));
	der_put(&s, TAG_INTEGER, BYTES(&version1, 1));
	der_put(&s, TAG_OCTET_STRING, priv);
	der_put(&s, TAG_CONTEXT_1, wire_out_bytes(&b));
	der_put(out, TAG_SEQUENCE, wire_out_bytes(&s));
	if (p.overflow || b.overflow || s.overflow)
		out->overflow = true;
	wipe(body, sizeof(body));
}

static bool der_private_key_info(struct wire_out *out, const struct dh_desc *group,
				 struct bytes priv, struct bytes pub)
{
	static const uint8_t version0 = 0;
	SECOidData *ec_pk = SECOID_FindOIDByTag(SEC_OID_ANSIX962_EC_PUBLIC_KEY);
	SECItem curve;
	if (ec_pk == NULL || !dh_ec_oid(group, &curve))
		return false;
	uint8_t alg[PKCS8_MAX], key[PKCS8_MAX], key_octets[PKCS8_MAX], body[PKCS8_MAX];
	struct wire_out a = wire_out_buf(alg, sizeof(alg));
	der_put(&a, TAG_OID, BYTES(ec_pk->oid.data, ec_pk->oid.len));
	der_put(&a, TAG_OID, BYTES(curve.data, curve.len));
	struct wire_out k = wire_out_buf(key, sizeof(key));
	der_ec_private_key(&k, group, priv, pub);
	struct wire_out ko = wire_out_buf(key_octets, sizeof(key_octets));
	der_put(&ko, TAG_OCTET_STRING, wire_out_bytes(&k));
	struct wire_out s = wire_out_buf(body, sizeof(body));
	der_put(&s, TAG_INTEGER, BYTES(&version0, 1));
	der_put(&s, TAG_SEQUENCE, wire_out_bytes(&a));
	wire_put_bytes(&s, wire_out_bytes(&ko));
	der_put(out, TAG_SEQUENCE, wire_out_bytes(&s));
	bool ok = !(a.overflow || k.overflow || ko.overflow || s.overflow || out->overflow);
	wipe(key, sizeof(key));
	wipe(key_octets, sizeof(key_octets));
	wipe(body, sizeof(body));
	return ok;
}

bool dh_keypair_import(const struct dh_desc *group, struct bytes private_value,
		       struct bytes public_value, struct dh_keypair **kp,
		       struct crypto_error *err)
{
	if (group == NULL || dh_by_id(group->id) != group || group->kind == DH_KIND_MODP)
		return crypto_fail(err, CRYPTO_UNSUPPORTED, "private key import not supported");
	if (private_value.len != group->secret_len || public_value.len != group->ke_len)
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "imported key of the wrong size");
	uint8_t der[PKCS8_MAX];
	struct wire_out out = wire_out_buf(der, sizeof(der));
	if (!der_private_key_info(&out, group, private_value, public_value)) {
		wipe(der, sizeof(der));
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "cannot encode the private key");
	}
	struct bytes d = wire_out_bytes(&out);
	SECItem item = { siBuffer, (unsigned char *)d.ptr, (unsigned)d.len };
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	SECKEYPrivateKey *priv = NULL;
	SECStatus rv = slot == NULL ? SECFailure
		: PK11_ImportDERPrivateKeyInfoAndReturnKey(slot, &item, NULL, NULL, PR_FALSE,
							   PR_FALSE, KU_KEY_AGREEMENT,
							   &priv, NULL);
	wipe(der, sizeof(der));
	if (slot != NULL)
		PK11_FreeSlot(slot);
	if (rv != SECSuccess || priv == NULL)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS private key import failed");
	*kp = dh_keypair_wrap(group, priv, public_value);
	return true;
}
