/* MODP, ECP and Curve25519 key exchange over NSS (see ikev2_dh.h). */
#include <stdlib.h>
#include <string.h>

#include <secoid.h>
#include <secport.h>

#include "dh_nss.h"
#include "wire.h"

/* RFC 3526 §3: the 2048-bit MODP prime; the generator is 2. */
static const uint8_t modp2048_prime[256] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc9, 0x0f, 0xda, 0xa2,
	0x21, 0x68, 0xc2, 0x34, 0xc4, 0xc6, 0x62, 0x8b, 0x80, 0xdc, 0x1c, 0xd1,
	0x29, 0x02, 0x4e, 0x08, 0x8a, 0x67, 0xcc, 0x74, 0x02, 0x0b, 0xbe, 0xa6,
	0x3b, 0x13, 0x9b, 0x22, 0x51, 0x4a, 0x08, 0x79, 0x8e, 0x34, 0x04, 0xdd,
	0xef, 0x95, 0x19, 0xb3, 0xcd, 0x3a, 0x43, 0x1b, 0x30, 0x2b, 0x0a, 0x6d,
	0xf2, 0x5f, 0x14, 0x37, 0x4f, 0xe1, 0x35, 0x6d, 0x6d, 0x51, 0xc2, 0x45,
	0xe4, 0x85, 0xb5, 0x76, 0x62, 0x5e, 0x7e, 0xc6, 0xf4, 0x4c, 0x42, 0xe9,
	0xa6, 0x37, 0xed, 0x6b, 0x0b, 0xff, 0x5c, 0xb6, 0xf4, 0x06, 0xb7, 0xed,
	0xee, 0x38, 0x6b, 0xfb, 0x5a, 0x89, 0x9f, 0xa5, 0xae, 0x9f, 0x24, 0x11,
	0x7c, 0x4b, 0x1f, 0xe6, 0x49, 0x28, 0x66, 0x51, 0xec, 0xe4, 0x5b, 0x3d,
	0xc2, 0x00, 0x7c, 0xb8, 0xa1, 0x63, 0xbf, 0x05, 0x98, 0xda, 0x48, 0x36,
	0x1c, 0x55, 0xd3, 0x9a, 0x69, 0x16, 0x3f, 0xa8, 0xfd, 0x24, 0xcf, 0x5f,
	0x83, 0x65, 0x5d, 0x23, 0xdc, 0xa3, 0xad, 0x96, 0x1c, 0x62, 0xf3, 0x56,
	0x20, 0x85, 0x52, 0xbb, 0x9e, 0xd5, 0x29, 0x07, 0x70, 0x96, 0x96, 0x6d,
	0x67, 0x0c, 0x35, 0x4e, 0x4a, 0xbc, 0x98, 0x04, 0xf1, 0x74, 0x6c, 0x08,
	0xca, 0x18, 0x21, 0x7c, 0x32, 0x90, 0x5e, 0x46, 0x2e, 0x36, 0xce, 0x3b,
	0xe3, 0x9e, 0x77, 0x2c, 0x18, 0x0e, 0x86, 0x03, 0x9b, 0x27, 0x83, 0xa2,
	0xec, 0x07, 0xa2, 0x8f, 0xb5, 0xc5, 0x5d, 0xf0, 0x6f, 0x4c, 0x52, 0xc9,
	0xde, 0x2b, 0xcb, 0xf6, 0x95, 0x58, 0x17, 0x18, 0x39, 0x95, 0x49, 0x7c,
	0xea, 0x95, 0x6a, 0xe5, 0x15, 0xd2, 0x26, 0x18, 0x98, 0xfa, 0x05, 0x10,
	0x15, 0x72, 0x8e, 0x5a, 0x8a, 0xac, 0xaa, 0x68, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff,
};
static const uint8_t modp_generator[1] = { 2 };

/* Longest KE data (MODP-2048) and EC point (P-521: 0x04 | x | y). */
#define DH_MAX_KE 256
#define DH_MAX_POINT (1 + 2 * 66)

static SECOidTag ec_curve_tag(uint16_t id)
{
	switch (id) {
	case IKEV2_DH_ECP256: return SEC_OID_ANSIX962_EC_PRIME256V1;
	case IKEV2_DH_ECP384: return SEC_OID_SECG_EC_SECP384R1;
	case IKEV2_DH_ECP521: return SEC_OID_SECG_EC_SECP521R1;
	case IKEV2_DH_CURVE25519: return SEC_OID_CURVE25519;
	}
	return SEC_OID_UNKNOWN;
}

bool dh_ec_oid(const struct dh_desc *group, SECItem *oid)
{
	SECOidData *od = SECOID_FindOIDByTag(ec_curve_tag(group->id));
	if (od == NULL)
		return false;
	*oid = od->oid;
	return true;
}

bool dh_ec_params(const struct dh_desc *group, uint8_t *buf, size_t len, SECItem *params)
{
	SECItem oid;
	if (!dh_ec_oid(group, &oid) || oid.len > 127)
		return false;
	struct wire_out out = wire_out_buf(buf, len);
	wire_put_u8(&out, 0x06);	/* DER OBJECT IDENTIFIER */
	wire_put_u8(&out, (uint8_t)oid.len);
	wire_put_bytes(&out, BYTES(oid.data, oid.len));
	struct bytes der = wire_out_bytes(&out);
	if (der.len == 0)
		return false;
	*params = (SECItem){ siBuffer, (unsigned char *)der.ptr, (unsigned)der.len };
	return true;
}

struct dh_keypair *dh_keypair_wrap(const struct dh_desc *group, SECKEYPrivateKey *priv,
				   struct bytes ke)
{
	struct dh_keypair *kp = xzalloc(sizeof(*kp));
	kp->group = group;
	kp->priv = priv;
	kp->ke = chunk_clone(ke);
	return kp;
}

static bool group_supported(const struct dh_desc *group, struct crypto_error *err)
{
	if (group == NULL || dh_by_id(group->id) != group)
		return crypto_fail(err, CRYPTO_UNSUPPORTED, "key exchange group not supported");
	return true;
}

/*
 * Our public value in KE format.  NSS gives MODP values without leading
 * zeros and EC points with the 0x04 uncompressed-point octet.
 */
static bool ke_from_nss(const struct dh_desc *group, const SECKEYPublicKey *pub,
			uint8_t *ke, struct crypto_error *err)
{
	const SECItem *v = group->kind == DH_KIND_MODP ? &pub->u.dh.publicValue
						       : &pub->u.ec.publicValue;
	struct wire_in in = wire_in_bytes(BYTES(v->data, v->len));
	struct wire_out out = wire_out_buf(ke, group->ke_len);
	uint8_t format;
	switch (group->kind) {
	case DH_KIND_MODP:
		if (v->len > group->ke_len)
			break;
		wire_put_zeros(&out, group->ke_len - v->len);
		break;
	case DH_KIND_ECP:
		if (!wire_get_u8(&in, &format) || format != 0x04)
			return crypto_fail(err, CRYPTO_NSS_FAILURE, "NSS EC point not uncompressed");
		break;
	case DH_KIND_X25519:
		break;
	}
	wire_put_bytes(&out, wire_in_rest(&in));
	if (out.overflow || out.len != group->ke_len)
		return crypto_fail(err, CRYPTO_NSS_FAILURE, "NSS public value of unexpected size");
	return true;
}

static void dh_params(SECKEYDHParams *p)
{
	*p = (SECKEYDHParams){
		.arena = NULL,
		.prime = { siBuffer, (unsigned char *)modp2048_prime, sizeof(modp2048_prime) },
		.base = { siBuffer, (unsigned char *)modp_generator, sizeof(modp_generator) },
	};
}

bool dh_keypair_new(const struct dh_desc *group, struct dh_keypair **kp,
		    struct crypto_error *err)
{
	if (!group_supported(group, err))
		return false;
	if (group->ke_len > DH_MAX_KE)
		return crypto_fail(err, CRYPTO_BAD_REQUEST, "KE data larger than expected");
	SECKEYDHParams dhp;
	uint8_t ecbuf[32];
	SECItem ecp;
	CK_MECHANISM_TYPE mech;
	void *params;
	if (group->kind == DH_KIND_MODP) {
		dh_params(&dhp);
		mech = CKM_DH_PKCS_KEY_PAIR_GEN;
		params = &dhp;
	} else {
		if (!dh_ec_params(group, ecbuf, sizeof(ecbuf), &ecp))
			return crypto_fail(err, CRYPTO_UNSUPPORTED, "NSS does not know the curve");
		mech = CKM_EC_KEY_PAIR_GEN;
		params = &ecp;
	}
	PK11SlotInfo *slot = PK11_GetInternalSlot();
	if (slot == NULL)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "no NSS internal slot");
	SECKEYPublicKey *pub = NULL;
	/*
	 * A session object usable for derivation only: ephemeral, never
	 * stored, and without sign/verify usage NSS skips the signature
	 * self-test on generation (a third of the cost for ECP).
	 */
	SECKEYPrivateKey *priv = PK11_GenerateKeyPairWithOpFlags(
		slot, mech, params, &pub,
		PK11_ATTR_SESSION | PK11_ATTR_INSENSITIVE | PK11_ATTR_PUBLIC,
		CKF_DERIVE, CKF_DERIVE | CKF_SIGN | CKF_VERIFY, NULL);
	PK11_FreeSlot(slot);
	if (priv == NULL || pub == NULL) {
		crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS key pair generation failed");
		if (priv != NULL)
			SECKEY_DestroyPrivateKey(priv);
		if (pub != NULL)
			SECKEY_DestroyPublicKey(pub);
		return false;
	}
	uint8_t ke[DH_MAX_KE];
	bool ok = ke_from_nss(group, pub, ke, err);
	SECKEY_DestroyPublicKey(pub);
	if (!ok) {
		SECKEY_DestroyPrivateKey(priv);
		return false;
	}
	*kp = dh_keypair_wrap(group, priv, BYTES(ke, group->ke_len));
	return true;
}

void dh_keypair_free(struct dh_keypair **kpp)
{
	struct dh_keypair *kp = *kpp;
	if (kp == NULL)
		return;
	SECKEY_DestroyPrivateKey(kp->priv);
	chunk_free(&kp->ke);
	free(kp);
	*kpp = NULL;
}

const struct dh_desc *dh_keypair_group(const struct dh_keypair *kp)
{
	return kp->group;
}

struct bytes dh_keypair_public(const struct dh_keypair *kp)
{
	return chunk_bytes(kp->ke);
}

/* RFC 6989 §2.1: 1 < y < p-1, y and p both big-endian of the same length. */
static bool modp_in_range(struct bytes y)
{
	size_t n = sizeof(modp2048_prime);
	/* y > 1: some octet before the last is set, or the last is > 1 */
	bool above_one = y.ptr[n - 1] > 1;
	for (size_t i = 0; i + 1 < n && !above_one; i++)
		above_one = y.ptr[i] != 0;
	/* y < p - 1: p is odd, so p - 1 differs from p in the last octet only */
	int cmp = memcmp(y.ptr, modp2048_prime, n - 1);
	bool below = cmp < 0 || (cmp == 0 && y.ptr[n - 1] < modp2048_prime[n - 1] - 1);
	return above_one && below;
}

bool dh_check_peer(const struct dh_desc *group, struct bytes peer, struct crypto_error *err)
{
	if (!group_supported(group, err))
		return false;
	if (peer.len != group->ke_len)
		return crypto_fail(err, CRYPTO_BAD_LENGTH, "KE data length wrong for the group");
	if (group->kind == DH_KIND_MODP && !modp_in_range(peer))
		return crypto_fail(err, CRYPTO_BAD_PUBLIC_VALUE,
				   "MODP public value not in range 1 < y < p-1");
	return true;
}

/*
 * The peer's value as an NSS public key.  point is scratch space for the
 * EC encoding (0x04 | x | y, or the masked X25519 u).
 */
static void peer_public_key(const struct dh_desc *group, struct bytes peer, SECKEYPublicKey *pub,
			    uint8_t *point, const SECItem *ec_params)
{
	memset(pub, 0, sizeof(*pub));
	if (group->kind == DH_KIND_MODP) {
		SECKEYDHParams dhp;
		dh_params(&dhp);
		pub->keyType = dhKey;
		pub->u.dh.prime = dhp.prime;
		pub->u.dh.base = dhp.base;
		pub->u.dh.publicValue = (SECItem){ siBuffer, (unsigned char *)peer.ptr,
						   (unsigned)peer.len };
		return;
	}
	struct wire_out out = wire_out_buf(point, DH_MAX_POINT);
	if (group->kind == DH_KIND_ECP)
		wire_put_u8(&out, 0x04);
	wire_put_bytes(&out, peer);
	if (group->kind == DH_KIND_X25519)	/* RFC 8031 §3.2, RFC 7748 §5 */
		wire_patch_u8(&out, out.len - 1, peer.ptr[peer.len - 1] & 0x7f);
	pub->keyType = ecKey;
	pub->u.ec.DEREncodedParams = *ec_params;
	pub->u.ec.size = (int)(group->secret_len * 8);
	pub->u.ec.publicValue = (SECItem){ siBuffer, point, (unsigned)out.len };
}

/* g^ir out of NSS, left-padded to the group's size. */
static bool extract_secret(const struct dh_desc *group, PK11SymKey *sym, struct secret *g_ir,
			   struct crypto_error *err)
{
	if (PK11_ExtractKeyValue(sym) != SECSuccess)
		return crypto_fail_nss(err, CRYPTO_NSS_FAILURE, "NSS shared secret not extractable");
	const SECItem *v = PK11_GetKeyData(sym);
	if (v == NULL || v->len == 0 || v->len > group->secret_len)
		return crypto_fail(err, CRYPTO_NSS_FAILURE, "NSS shared secret of unexpected size");
	/* RFC 7748 §6.1 / RFC 8031: a small-order peer point yields all zeros */
	if (NSS_SecureMemcmpZero(v->data, v->len) == 0)
		return crypto_fail(err, CRYPTO_BAD_PUBLIC_VALUE, "shared secret is all zero");
	struct secret s = secret_alloc(group->secret_len);
	struct wire_out out = wire_out_buf(s.ptr, s.len);
	wire_put_zeros(&out, group->secret_len - v->len);
	wire_put_bytes(&out, BYTES(v->data, v->len));
	*g_ir = s;
	return true;
}

bool dh_shared_secret(const struct dh_keypair *kp, struct bytes peer, struct secret *g_ir,
		      struct crypto_error *err)
{
	const struct dh_desc *group = kp->group;
	if (!dh_check_peer(group, peer, err))
		return false;
	uint8_t ecbuf[32];
	SECItem ecp = { siBuffer, NULL, 0 };
	if (group->kind != DH_KIND_MODP && !dh_ec_params(group, ecbuf, sizeof(ecbuf), &ecp))
		return crypto_fail(err, CRYPTO_UNSUPPORTED, "NSS does not know the curve");
	SECKEYPublicKey pub;
	uint8_t point[DH_MAX_POINT];
	peer_public_key(group, peer, &pub, point, &ecp);
	CK_MECHANISM_TYPE derive = group->kind == DH_KIND_MODP ? CKM_DH_PKCS_DERIVE
							       : CKM_ECDH1_DERIVE;
	PK11SymKey *sym = PK11_PubDeriveWithKDF(kp->priv, &pub, PR_FALSE, NULL, NULL, derive,
						CKM_GENERIC_SECRET_KEY_GEN, CKA_DERIVE, 0,
						CKD_NULL, NULL, NULL);
	if (sym == NULL) {
		/*
		 * The length and range were checked above, so NSS refusing
		 * means the value itself is bad: an EC point off the curve,
		 * an X25519 small-order point, a MODP value outside the
		 * prime-order subgroup.
		 */
		return crypto_fail_nss(err, CRYPTO_BAD_PUBLIC_VALUE,
				       "NSS rejected the peer public value");
	}
	bool ok = extract_secret(group, sym, g_ir, err);
	PK11_FreeSymKey(sym);
	return ok;
}
