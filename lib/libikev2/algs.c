/* IKEv2 transform tables and their lookups by id and by name. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ikev2_algs.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

size_t ikev2_hash_len(enum ikev2_hash h)
{
	switch (h) {
	case IKEV2_HASH_SHA1: return 20;
	case IKEV2_HASH_SHA2_256: return 32;
	case IKEV2_HASH_SHA2_384: return 48;
	case IKEV2_HASH_SHA2_512: return 64;
	case IKEV2_HASH_NONE: break;
	}
	return 0;
}

/* RFC 3602 AES-CBC: 128, 192, 256; AES-GCM as RFC 8247 recommends: 128, 256. */
static const uint16_t aes_cbc_bits[] = { 128, 192, 256, 0 };
static const uint16_t aes_gcm_bits[] = { 128, 256, 0 };

static const struct encr_desc encr_table[] = {
	{ .id = IKEV2_ENCR_AES_CBC, .name = "AES_CBC", .aead = false,
	  .block_size = 16, .iv_size = 16, .salt_size = 0, .icv_size = 0,
	  .key_bits = aes_cbc_bits, .default_key_bits = 256 },
	/* RFC 5282: 8-octet explicit IV, 4-octet salt, block alignment not needed */
	{ .id = IKEV2_ENCR_AES_GCM_8, .name = "AES_GCM_8", .aead = true,
	  .block_size = 1, .iv_size = 8, .salt_size = 4, .icv_size = 8,
	  .key_bits = aes_gcm_bits, .default_key_bits = 256 },
	{ .id = IKEV2_ENCR_AES_GCM_12, .name = "AES_GCM_12", .aead = true,
	  .block_size = 1, .iv_size = 8, .salt_size = 4, .icv_size = 12,
	  .key_bits = aes_gcm_bits, .default_key_bits = 256 },
	{ .id = IKEV2_ENCR_AES_GCM_16, .name = "AES_GCM_16", .aead = true,
	  .block_size = 1, .iv_size = 8, .salt_size = 4, .icv_size = 16,
	  .key_bits = aes_gcm_bits, .default_key_bits = 256 },
};

static const struct prf_desc prf_table[] = {
	{ IKEV2_PRF_HMAC_SHA1, "HMAC_SHA1", IKEV2_HASH_SHA1, 20 },
	{ IKEV2_PRF_HMAC_SHA2_256, "HMAC_SHA2_256", IKEV2_HASH_SHA2_256, 32 },
	{ IKEV2_PRF_HMAC_SHA2_384, "HMAC_SHA2_384", IKEV2_HASH_SHA2_384, 48 },
	{ IKEV2_PRF_HMAC_SHA2_512, "HMAC_SHA2_512", IKEV2_HASH_SHA2_512, 64 },
};

/* RFC 4868 §2.1.1: key = full hash length, ICV = half of it. */
static const struct integ_desc integ_table[] = {
	{ IKEV2_INTEG_NONE, "NONE", IKEV2_HASH_NONE, 0, 0 },
	{ IKEV2_INTEG_HMAC_SHA1_96, "HMAC_SHA1_96", IKEV2_HASH_SHA1, 20, 12 },
	{ IKEV2_INTEG_HMAC_SHA2_256_128, "HMAC_SHA2_256_128", IKEV2_HASH_SHA2_256, 32, 16 },
	{ IKEV2_INTEG_HMAC_SHA2_384_192, "HMAC_SHA2_384_192", IKEV2_HASH_SHA2_384, 48, 24 },
	{ IKEV2_INTEG_HMAC_SHA2_512_256, "HMAC_SHA2_512_256", IKEV2_HASH_SHA2_512, 64, 32 },
};

/* KE data sizes: RFC 7296 §3.4 (MODP), RFC 5903 §7 (x | y), RFC 8031 §3.1. */
static const struct dh_desc dh_table[] = {
	{ IKEV2_DH_MODP2048, "MODP2048", DH_KIND_MODP, 256, 256 },
	{ IKEV2_DH_ECP256, "DH19", DH_KIND_ECP, 64, 32 },
	{ IKEV2_DH_ECP384, "DH20", DH_KIND_ECP, 96, 48 },
	{ IKEV2_DH_ECP521, "DH21", DH_KIND_ECP, 132, 66 },
	{ IKEV2_DH_CURVE25519, "DH31", DH_KIND_X25519, 32, 32 },
};

#define FIND_BY_ID(table, wanted) \
	do { \
		for (size_t i_ = 0; i_ < ARRAY_LEN(table); i_++) \
			if ((table)[i_].id == (wanted)) \
				return &(table)[i_]; \
		return NULL; \
	} while (0)

const struct encr_desc *encr_by_id(uint16_t id) { FIND_BY_ID(encr_table, id); }
const struct prf_desc *prf_by_id(uint16_t id) { FIND_BY_ID(prf_table, id); }
const struct integ_desc *integ_by_id(uint16_t id) { FIND_BY_ID(integ_table, id); }
const struct dh_desc *dh_by_id(uint16_t id) { FIND_BY_ID(dh_table, id); }

bool encr_key_bits_ok(const struct encr_desc *e, unsigned key_bits)
{
	for (const uint16_t *b = e->key_bits; *b != 0; b++)
		if (*b == key_bits)
			return true;
	return false;
}

size_t encr_keymat_len(const struct encr_desc *e, unsigned key_bits)
{
	return key_bits / 8 + e->salt_size;
}

/*
 * Proposal-string spellings.  One table per transform type maps each
 * accepted name to a wire id; the first entry for an id is not special.
 */
struct alg_alias {
	const char *name;
	uint16_t id;
};

static const struct alg_alias encr_aliases[] = {
	{ "aes", IKEV2_ENCR_AES_CBC },
	{ "aes_cbc", IKEV2_ENCR_AES_CBC },
	{ "aes_gcm", IKEV2_ENCR_AES_GCM_16 },
	{ "aes_gcm_16", IKEV2_ENCR_AES_GCM_16 },
	{ "aes_gcm_c", IKEV2_ENCR_AES_GCM_16 },
	{ "aes_gcm16", IKEV2_ENCR_AES_GCM_16 },
	{ "aes_gcm_12", IKEV2_ENCR_AES_GCM_12 },
	{ "aes_gcm_b", IKEV2_ENCR_AES_GCM_12 },
	{ "aes_gcm12", IKEV2_ENCR_AES_GCM_12 },
	{ "aes_gcm_8", IKEV2_ENCR_AES_GCM_8 },
	{ "aes_gcm_a", IKEV2_ENCR_AES_GCM_8 },
	{ "aes_gcm8", IKEV2_ENCR_AES_GCM_8 },
};

/* The same hash names select a PRF in ike= and an INTEG in ike=/esp=. */
struct hash_alias {
	const char *name;
	uint16_t prf_id;	/* 0: no PRF of that name */
	uint16_t integ_id;
};

static const struct hash_alias hash_aliases[] = {
	{ "sha1", IKEV2_PRF_HMAC_SHA1, IKEV2_INTEG_HMAC_SHA1_96 },
	{ "sha", IKEV2_PRF_HMAC_SHA1, IKEV2_INTEG_HMAC_SHA1_96 },
	{ "sha2", IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_HMAC_SHA2_256_128 },
	{ "sha2_256", IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_HMAC_SHA2_256_128 },
	{ "sha256", IKEV2_PRF_HMAC_SHA2_256, IKEV2_INTEG_HMAC_SHA2_256_128 },
	{ "sha2_384", IKEV2_PRF_HMAC_SHA2_384, IKEV2_INTEG_HMAC_SHA2_384_192 },
	{ "sha384", IKEV2_PRF_HMAC_SHA2_384, IKEV2_INTEG_HMAC_SHA2_384_192 },
	{ "sha2_512", IKEV2_PRF_HMAC_SHA2_512, IKEV2_INTEG_HMAC_SHA2_512_256 },
	{ "sha512", IKEV2_PRF_HMAC_SHA2_512, IKEV2_INTEG_HMAC_SHA2_512_256 },
};

static const struct alg_alias dh_aliases[] = {
	{ "dh14", IKEV2_DH_MODP2048 },
	{ "modp2048", IKEV2_DH_MODP2048 },
	{ "dh19", IKEV2_DH_ECP256 },
	{ "ecp256", IKEV2_DH_ECP256 },
	{ "ecp_256", IKEV2_DH_ECP256 },
	{ "dh20", IKEV2_DH_ECP384 },
	{ "ecp384", IKEV2_DH_ECP384 },
	{ "ecp_384", IKEV2_DH_ECP384 },
	{ "dh21", IKEV2_DH_ECP521 },
	{ "ecp521", IKEV2_DH_ECP521 },
	{ "ecp_521", IKEV2_DH_ECP521 },
	{ "dh31", IKEV2_DH_CURVE25519 },
	{ "curve25519", IKEV2_DH_CURVE25519 },
	{ "x25519", IKEV2_DH_CURVE25519 },
};

static bool alias_find(const struct alg_alias *t, size_t n, const char *name, uint16_t *id)
{
	for (size_t i = 0; i < n; i++) {
		if (strcasecmp(t[i].name, name) == 0) {
			*id = t[i].id;
			return true;
		}
	}
	return false;
}

/*
 * "aes_gcm256" / "aes_gcm_256" -> ("aes_gcm", 256).  An exact alias wins
 * first, so "aes_gcm_16" is the 16-octet-ICV cipher and not a key length.
 */
const struct encr_desc *encr_by_name(const char *name, unsigned *key_bits)
{
	uint16_t id;
	*key_bits = 0;
	if (alias_find(encr_aliases, ARRAY_LEN(encr_aliases), name, &id))
		return encr_by_id(id);

	size_t len = strlen(name);
	size_t digits = len;
	while (digits > 0 && isdigit((unsigned char)name[digits - 1]))
		digits--;
	if (digits == len || len - digits > 3)
		return NULL;
	unsigned bits = (unsigned)strtoul(name + digits, NULL, 10);
	size_t base_len = digits;
	if (base_len > 0 && name[base_len - 1] == '_')
		base_len--;
	char base[32];
	if (base_len == 0 || base_len >= sizeof(base))
		return NULL;
	memcpy(base, name, base_len);
	base[base_len] = '\0';
	if (!alias_find(encr_aliases, ARRAY_LEN(encr_aliases), base, &id))
		return NULL;
	const struct encr_desc *e = encr_by_id(id);
	if (e == NULL || !encr_key_bits_ok(e, bits))
		return NULL;
	*key_bits = bits;
	return e;
}

static const struct hash_alias *hash_alias_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(hash_aliases); i++)
		if (strcasecmp(hash_aliases[i].name, name) == 0)
			return &hash_aliases[i];
	return NULL;
}

const struct prf_desc *prf_by_name(const char *name)
{
	const struct hash_alias *h = hash_alias_find(name);
	return h != NULL ? prf_by_id(h->prf_id) : NULL;
}

const struct integ_desc *integ_by_name(const char *name)
{
	if (strcasecmp(name, "none") == 0 || strcasecmp(name, "null") == 0)
		return integ_by_id(IKEV2_INTEG_NONE);
	const struct hash_alias *h = hash_alias_find(name);
	return h != NULL ? integ_by_id(h->integ_id) : NULL;
}

const struct dh_desc *dh_by_name(const char *name)
{
	uint16_t id;
	if (!alias_find(dh_aliases, ARRAY_LEN(dh_aliases), name, &id))
		return NULL;
	return dh_by_id(id);
}

const char *ikev2_trans_type_name(enum ikev2_trans_type type)
{
	switch (type) {
	case IKEV2_TRANS_ENCR: return "ENCR";
	case IKEV2_TRANS_PRF: return "PRF";
	case IKEV2_TRANS_INTEG: return "INTEG";
	case IKEV2_TRANS_DH: return "DH";
	case IKEV2_TRANS_ESN: return "ESN";
	}
	return "TRANS";
}

static const char *transform_base_name(enum ikev2_trans_type type, uint16_t id)
{
	const struct encr_desc *e;
	const struct prf_desc *p;
	const struct integ_desc *i;
	const struct dh_desc *d;
	switch (type) {
	case IKEV2_TRANS_ENCR:
		return (e = encr_by_id(id)) != NULL ? e->name : NULL;
	case IKEV2_TRANS_PRF:
		return (p = prf_by_id(id)) != NULL ? p->name : NULL;
	case IKEV2_TRANS_INTEG:
		return (i = integ_by_id(id)) != NULL ? i->name : NULL;
	case IKEV2_TRANS_DH:
		if (id == IKEV2_DH_NONE)
			return "NONE";
		return (d = dh_by_id(id)) != NULL ? d->name : NULL;
	case IKEV2_TRANS_ESN:
		return id == IKEV2_ESN_YES ? "ESN" : id == IKEV2_ESN_NO ? "NO_ESN" : NULL;
	}
	return NULL;
}

const char *ikev2_transform_str(char *buf, size_t len, enum ikev2_trans_type type,
				uint16_t id, unsigned key_bits)
{
	if (len == 0)
		return buf;
	const char *base = transform_base_name(type, id);
	if (base == NULL)
		snprintf(buf, len, "%s_%u", ikev2_trans_type_name(type), (unsigned)id);
	else if (key_bits != 0)
		snprintf(buf, len, "%s_%u", base, key_bits);
	else
		snprintf(buf, len, "%s", base);
	return buf;
}
